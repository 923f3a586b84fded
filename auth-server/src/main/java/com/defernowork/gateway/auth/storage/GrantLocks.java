package com.defernowork.gateway.auth.storage;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Mutual exclusion per grant across every auth-server instance that shares the store, so
 * that two concurrent refreshes of one grant are decided one after the other (rotation,
 * then grace) even when they reach different instances.
 */
public interface GrantLocks {

	/**
	 * How long a request that found its grant busy is told to wait ({@code Retry-After}):
	 * the same as during a Redis outage, and with the lock's lease and wait well inside
	 * the refresh reuse grace ({@link StorageConfig}).
	 */
	Duration RETRY_AFTER = Duration.ofSeconds(2);

	/**
	 * @throws GrantBusyException when the lock could not be had in time
	 */
	<T> T withLock(String authorizationId, Supplier<T> work);

}
