package com.defernowork.gateway.auth.storage;

import java.time.Duration;
import java.util.List;
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

	/** Delays of the background retries of a failed release, about as long as a lease. */
	private static final List<Duration> RELEASE_RETRIES = List.of(Duration.ofMillis(100), Duration.ofMillis(400),
			Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));

	private final KeyValueStore store;

	private final Duration lease;

	private final Duration wait;

	private final RetryTemplate retry;

	public KeyValueGrantLocks(KeyValueStore store, Duration lease, Duration wait) {
		this.store = store;
		this.lease = lease;
		this.wait = wait;
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
		RuntimeException failure = tryRelease(key, owner);
		if (failure != null) {
			logger.debug("Could not release {} (trying again in the background): {}", key, failure.toString());
			Thread.ofVirtual().name("grant-lock-release").start(() -> releaseLater(key, owner));
		}
	}

	private void releaseLater(String key, String owner) {
		for (Duration delay : RELEASE_RETRIES) {
			try {
				Thread.sleep(delay);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			RuntimeException failure = tryRelease(key, owner);
			if (failure == null) {
				logger.info("Released {} on a later try", key);
				return;
			}
			if (delay.equals(RELEASE_RETRIES.getLast())) {
				logger.warn("Could not release {}; it expires after {}: {}", key, this.lease, failure.toString());
			}
		}
	}

	/** Null when released (or no longer ours), else why not. */
	private RuntimeException tryRelease(String key, String owner) {
		try {
			// only while still ours: never a lease another request took after this one
			// lapsed
			this.store.deleteIfValue(key, owner);
			return null;
		}
		catch (RuntimeException ex) {
			return ex;
		}
	}

	private void acquire(String key, String owner) {
		try {
			this.retry.execute(() -> {
				if (!this.store.putIfAbsent(key, owner, this.lease)) {
					throw new GrantBusyException("grant is busy: could not lock " + key + " within " + this.wait);
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
			throw new GrantBusyException("grant is busy: could not lock " + key + " within " + this.wait);
		}
	}

}
