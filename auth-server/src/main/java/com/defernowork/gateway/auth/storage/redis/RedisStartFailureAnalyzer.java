package com.defernowork.gateway.auth.storage.redis;

import java.util.Map;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.util.StringUtils;

/**
 * A start that fails on Redis (the vault key check reads and writes it before the server
 * takes requests) as a short report instead of a stack trace of a hundred lines: either
 * Redis does not answer, or it answers with a refusal (a wrong password, a replica, no
 * memory left), quoted with what to change. Nothing of the Redis URL but what the driver
 * names (host and port) is shown: it may carry a password.
 */
class RedisStartFailureAnalyzer extends AbstractFailureAnalyzer<RedisException> {

	private static final String STORED = "With Redis storage the auth server keeps its clients, grants and sealed "
			+ "Deferno tokens there, and checks at start that its vault key opens what is stored.";

	private static final String AGAIN = ", then start the auth server again";

	/** What to change, by the first word of Redis's refusal. */
	private static final Map<String, String> ACTIONS = Map.of("WRONGPASS",
			"Correct the password (and user) in REDIS_URL (redis://user:password@host:port) or "
					+ "spring.data.redis.username and .password",
			"NOAUTH", "Give the password in REDIS_URL (redis://:password@host:port) or spring.data.redis.password",
			"READONLY",
			"Point REDIS_URL at the primary, not a replica (or use the Sentinel settings, which find the primary)",
			"NOREPLICAS",
			"Bring the primary's replicas back in sync, or lower its min-replicas-to-write, which makes it refuse "
					+ "writes with fewer replicas",
			"OOM",
			"Raise Redis's maxmemory or free memory; keep its policy noeviction, since an eviction policy drops "
					+ "clients and grants people still use",
			"MISCONF", "Redis refuses writes because it cannot save its snapshot: see its log and its disk", "LOADING",
			"Wait until Redis has loaded its data set (docker compose starts the auth server once Redis's health "
					+ "check passes)");

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, RedisException cause) {
		RedisCommandExecutionException refusal = findCause(cause, RedisCommandExecutionException.class);
		if (refusal != null) {
			String reply = String.valueOf(refusal.getMessage());
			String action = ACTIONS.getOrDefault(RedisOutages.code(refusal),
					"See the Redis server's log and configuration");
			return new FailureAnalysis("Redis refused the auth server's command: " + reply + ". " + STORED,
					action + AGAIN + ".", cause);
		}
		String detail = StringUtils.hasText(cause.getMessage()) ? ": " + cause.getMessage() : "";
		return new FailureAnalysis("Redis does not answer" + detail + ". " + STORED,
				"Start Redis, or correct REDIS_URL (or spring.data.redis.*)" + AGAIN
						+ " (docker compose starts it once Redis's health check passes).",
				cause);
	}

}
