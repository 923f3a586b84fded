package com.defernowork.gateway.auth.storage;

import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

/**
 * A lease per grant in the {@link KeyValueStore} (set if absent, with expiry), released
 * only by its owner. The lease outlives any refresh by far; if an instance dies holding
 * it, it lapses after {@code lease}. A request that cannot get the lease within
 * {@code wait} fails rather than racing.
 */
public final class KeyValueGrantLocks implements GrantLocks {

	private static final Logger logger = LoggerFactory.getLogger(KeyValueGrantLocks.class);

	private final KeyValueStore store;

	private final Duration lease;

	private final Duration wait;

	private final RetryTemplate retry;

	/**
	 * The background tries of a failed release: one at once, then more 0.1 to 2 s apart
	 * for as long as the lease lasts, so that a lease left over a Redis failover (several
	 * seconds) is gone within 2 s of Redis answering again, not at its end: until then
	 * every refresh of that grant is answered "still running".
	 */
	private final RetryTemplate releaseRetries;

	public KeyValueGrantLocks(KeyValueStore store, Duration lease, Duration wait) {
		this.store = store;
		this.lease = lease;
		this.wait = wait;
		this.releaseRetries = new RetryTemplate(RetryPolicy.builder()
			.maxRetries(Long.MAX_VALUE)
			.delay(Duration.ofMillis(100))
			.multiplier(2.5)
			.maxDelay(Duration.ofSeconds(2))
			.timeout(lease)
			.build());
		this.retry = new RetryTemplate(RetryPolicy.builder()
			.includes(GrantBusyException.class)
			.maxRetries(Long.MAX_VALUE)
			.delay(Duration.ofMillis(10))
			.timeout(wait)
			.build());
	}

	@Override
	public <T> T withLock(String authorizationId, Supplier<T> work) {
		String key = "lock:grant:" + authorizationId;
		String owner = UUID.randomUUID().toString();
		acquire(key, owner);
		try {
			return work.get();
		}
		finally {
			release(key, owner);
		}
	}

	/**
	 * A release that fails does not fail the work, whose result is saved already; it is
	 * tried again in the background (a dropped connection is back within moments, and the
	 * client's retry should not wait out the lease), and failing that the lease expires.
	 */
	private void release(String key, String owner) {
		try {
			releaseIfOurs(key, owner);
		}
		catch (RuntimeException ex) {
			logger.debug("Could not release {} (trying again in the background): {}", key, ex.toString());
			Thread.ofVirtual().name("grant-lock-release").start(() -> releaseLater(key, owner));
		}
	}

	private void releaseLater(String key, String owner) {
		try {
			this.releaseRetries.execute(() -> releaseIfOurs(key, owner));
			logger.info("Released {} on a later try", key);
		}
		catch (RetryException ex) {
			logger.warn("Could not release {}; it expires after {}: {}", key, this.lease, ex.getCause().toString());
		}
	}

	private Void releaseIfOurs(String key, String owner) {
		// only while still ours: never a lease another request took after this one lapsed
		this.store.deleteIfValue(key, owner);
		return null;
	}

	private void acquire(String key, String owner) {
		String busy = "grant is busy: could not lock " + key + " within " + this.wait;
		try {
			this.retry.execute(() -> {
				if (!this.store.putIfAbsent(key, owner, this.lease)) {
					throw new GrantBusyException(busy);
				}
				return null;
			});
		}
		catch (RetryException ex) {
			// the template also wraps what it does not retry: a store that failed is not
			// a busy grant
			if (ex.getCause() instanceof RuntimeException failure && !(failure instanceof GrantBusyException)) {
				throw failure;
			}
			throw new GrantBusyException(busy);
		}
	}

}
