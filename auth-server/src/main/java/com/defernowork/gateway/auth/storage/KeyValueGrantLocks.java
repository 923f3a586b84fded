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
	 * A release that fails leaves the lease to expire: the work's result, saved already,
	 * stands.
	 */
	private void release(String key, String owner) {
		try {
			this.store.deleteIfValue(key, owner);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not release {} (it expires after {}): {}", key, this.lease, ex.toString());
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
