package com.defernowork.gateway.auth.storage;

import java.util.function.Supplier;

/**
 * Mutual exclusion per grant across every auth-server instance that shares the store, so
 * that two concurrent refreshes of one grant are decided one after the other (rotation,
 * then grace) even when they reach different instances.
 */
public interface GrantLocks {

	/**
	 * Runs {@code work} while holding the lock of the given authorization.
	 * @throws GrantBusyException when the lock could not be had in time
	 */
	<T> T withLock(String authorizationId, Supplier<T> work);

}
