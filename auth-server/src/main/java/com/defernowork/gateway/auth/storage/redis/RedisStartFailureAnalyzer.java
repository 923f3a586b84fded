package com.defernowork.gateway.auth.storage.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * A start failing on Redis as a short report, not a hundred-line stack trace: Redis does
 * not answer, or its refusal quoted with what to change. Of the Redis URL only what the
 * driver names (host and port) is shown: it may carry a password.
 */
class RedisStartFailureAnalyzer extends AbstractFailureAnalyzer<RedisException> {

	private static final String STORED = "With Redis storage the auth server keeps its clients, grants and sealed "
			+ "Deferno tokens there, and checks at start that its vault key opens what is stored.";

	private static final String AGAIN = ", then start the auth server again";

	/** A TLS handshake with a Redis without TLS looks like one that never answers. */
	private static final String TLS = "; rediss:// speaks TLS, so that Redis must serve TLS on that port (redis:// "
			+ "for one without)";

	private final Environment environment;

	RedisStartFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, RedisException cause) {
		if (RedisOutages.isNoCluster(cause)) {
			return new FailureAnalysis("Redis answered that it is no Redis Cluster (cluster support disabled), but "
					+ "SPRING_DATA_REDIS_CLUSTER_NODES (spring.data.redis.cluster.nodes) names it as a cluster's node. "
					+ STORED,
					"Point SPRING_DATA_REDIS_CLUSTER_NODES at the nodes of a Redis Cluster, or give a single Redis as "
							+ "REDIS_URL instead" + AGAIN + ".",
					cause);
		}
		if (RedisOutages.isNoSuchPrimary(cause)) {
			String name = this.environment.getProperty("spring.data.redis.sentinel.master");
			return new FailureAnalysis(
					"The sentinels answered, but none of them monitors a primary named '" + name
							+ "' (SPRING_DATA_REDIS_SENTINEL_MASTER, spring.data.redis.sentinel.master). " + STORED,
					"Set SPRING_DATA_REDIS_SENTINEL_MASTER to the name the sentinels monitor (the name in their "
							+ "'sentinel monitor' line; SENTINEL MASTERS lists them)" + AGAIN + ".",
					cause);
		}
		RedisCommandExecutionException refusal = findCause(cause, RedisCommandExecutionException.class);
		if (refusal != null) {
			String reply = String.valueOf(refusal.getMessage());
			String action = RedisOutages.whatToChange(refusal);
			// Redis ends some replies with a full stop of its own
			return new FailureAnalysis(
					"Redis refused the auth server's command: " + reply + (reply.endsWith(".") ? " " : ". ") + STORED,
					action + AGAIN + ".", cause);
		}
		// why it could not connect: refused, timed out, a name not found
		String said = RedisOutages.describe(cause);
		String detail = StringUtils.hasText(said) ? ": " + said : "";
		return new FailureAnalysis(
				RedisHealthIndicator.UNREACHABLE + detail + " (a start waits AUTH_REDIS_START_WAIT for it). " + STORED,
				(RedisOutages.isConnectTimeout(cause) ? RedisOutages.SLOW_TO_CONNECT
						: RedisHealthIndicator.START_OR_CORRECT) + (usesTls() ? TLS : "") + AGAIN
						+ " (docker compose starts it once Redis's health check passes).",
				cause);
	}

	private boolean usesTls() {
		return this.environment.getProperty("spring.data.redis.url", "").regionMatches(true, 0, "rediss:", 0, 7)
				|| this.environment.getProperty("spring.data.redis.ssl.enabled", Boolean.class, false);
	}

}
