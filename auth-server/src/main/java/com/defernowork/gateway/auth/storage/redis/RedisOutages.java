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
	 * cluster repair) or refuses writes for a while: too few replicas in sync
	 * ({@code min-replicas-to-write}), full memory, a failing snapshot.
	 */
	private static final Set<String> UNAVAILABLE_REPLIES = Set.of("LOADING", "READONLY", "MASTERDOWN", "CLUSTERDOWN",
			"TRYAGAIN", "BUSY", "NOREPLICAS", "OOM", "MISCONF");

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
				return UNAVAILABLE_REPLIES.contains(code(reply));
			}
			// the plain type is the client's own "not connected, command rejected" and
			// "connection closed"
			if (cause.getClass() == RedisException.class) {
				return true;
			}
		}
		return false;
	}

	/**
	 * What the Redis driver said (Redis's own error reply, or why it could not reach
	 * Redis), for the log: the wrapping exceptions of Spring say only "Error in
	 * execution".
	 */
	static String describe(Throwable failure) {
		Throwable cause = failure;
		for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++, cause = cause.getCause()) {
			if (cause instanceof RedisException) {
				return cause.getMessage();
			}
		}
		return failure.toString();
	}

	/**
	 * The error code Redis puts first in an error reply ({@code NOREPLICAS},
	 * {@code OOM}…).
	 */
	static String code(RedisCommandExecutionException reply) {
		String message = String.valueOf(reply.getMessage());
		int space = message.indexOf(' ');
		return (space > 0) ? message.substring(0, space) : message;
	}

}
