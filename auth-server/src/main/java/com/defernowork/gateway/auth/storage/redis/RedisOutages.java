package com.defernowork.gateway.auth.storage.redis;

import java.util.Set;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;

/**
 * Which failures mean "Redis cannot answer right now" (down, unreachable, too slow, still
 * loading, failing over), as opposed to a bug or bad data: only those become 503 with
 * {@code Retry-After}.
 */
final class RedisOutages {

	/**
	 * Error replies of a Redis that is up but cannot serve yet (loading, failover,
	 * cluster repair).
	 */
	private static final Set<String> UNAVAILABLE_REPLIES = Set.of("LOADING", "READONLY", "MASTERDOWN", "CLUSTERDOWN",
			"TRYAGAIN", "BUSY");

	private static final int MAX_DEPTH = 16;

	private RedisOutages() {
	}

	static boolean isOutage(Throwable failure) {
		Throwable cause = failure;
		for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++, cause = cause.getCause()) {
			if (cause instanceof RedisConnectionFailureException || cause instanceof QueryTimeoutException
					|| cause instanceof RedisConnectionException || cause instanceof RedisCommandTimeoutException) {
				return true;
			}
			if (cause instanceof RedisCommandExecutionException reply) {
				String message = String.valueOf(reply.getMessage());
				int space = message.indexOf(' ');
				return UNAVAILABLE_REPLIES.contains((space > 0) ? message.substring(0, space) : message);
			}
			// the plain type is the client's own "not connected, command rejected" and
			// "connection closed"
			if (cause.getClass() == RedisException.class) {
				return true;
			}
		}
		return false;
	}

}
