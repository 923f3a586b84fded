package com.defernowork.gateway.auth.storage.redis;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.util.StringUtils;

/**
 * A start that cannot reach Redis (the vault key check reads it before the server takes
 * requests) as a short report saying which Redis and what to do, instead of a stack trace
 * of a hundred lines. Nothing of the Redis URL but what the driver names (host and port)
 * is shown: it may carry a password.
 */
class RedisUnreachableFailureAnalyzer extends AbstractFailureAnalyzer<RedisConnectionFailureException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, RedisConnectionFailureException cause) {
		Throwable driver = cause.getCause();
		String detail = (driver != null && StringUtils.hasText(driver.getMessage())) ? ": " + driver.getMessage() : "";
		return new FailureAnalysis("Redis does not answer" + detail
				+ ". With Redis storage the auth server keeps its clients, grants and sealed Deferno tokens there, and "
				+ "checks at start that its vault key opens what is stored.",
				"Start Redis, or correct REDIS_URL (or spring.data.redis.*), then start the auth server again "
						+ "(docker compose starts it once Redis's health check passes).",
				cause);
	}

}
