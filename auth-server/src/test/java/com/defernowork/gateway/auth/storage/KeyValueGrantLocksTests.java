package com.defernowork.gateway.auth.storage;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.dao.QueryTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class KeyValueGrantLocksTests {

	@Test
	void withLockWhenStoreFailsThenTheFailureNotABusyGrant() {
		// an outage must reach the outage handling (503), not read as a busy grant (400)
		FlakyStore store = new FlakyStore();
		store.failPutIfAbsent = true;
		KeyValueGrantLocks locks = new KeyValueGrantLocks(store, Duration.ofSeconds(10), Duration.ofMillis(200));
		assertThatExceptionOfType(QueryTimeoutException.class).isThrownBy(() -> locks.withLock("g1", () -> "done"));
	}

	@Test
	void withLockWhenHeldByAnotherThenBusy() {
		FlakyStore store = new FlakyStore();
		store.values.put("lock:grant:g1", "someone else");
		KeyValueGrantLocks locks = new KeyValueGrantLocks(store, Duration.ofSeconds(10), Duration.ofMillis(200));
		assertThatExceptionOfType(GrantBusyException.class).isThrownBy(() -> locks.withLock("g1", () -> "done"));
	}

	@Test
	void withLockWhenReleaseFailsThenTheWorksResultStands() {
		// the work saved already: a failed release only leaves the lease to expire
		FlakyStore store = new FlakyStore();
		store.failDelete = true;
		KeyValueGrantLocks locks = new KeyValueGrantLocks(store, Duration.ofSeconds(10), Duration.ofMillis(200));
		assertThat(locks.withLock("g1", () -> "saved")).isEqualTo("saved");
	}

	private static final class FlakyStore implements KeyValueStore {

		final Map<String, String> values = new HashMap<>();

		boolean failPutIfAbsent;

		boolean failDelete;

		@Override
		public String get(String key) {
			return this.values.get(key);
		}

		@Override
		public void put(String key, String value, Duration ttl) {
			this.values.put(key, value);
		}

		@Override
		public boolean putIfAbsent(String key, String value, Duration ttl) {
			if (this.failPutIfAbsent) {
				throw new QueryTimeoutException("Redis command timed out");
			}
			return this.values.putIfAbsent(key, value) == null;
		}

		@Override
		public boolean expire(String key, Duration ttl) {
			return this.values.containsKey(key);
		}

		@Override
		public void delete(String key) {
			this.values.remove(key);
		}

		@Override
		public void deleteIfValue(String key, String value) {
			if (this.failDelete) {
				throw new QueryTimeoutException("Redis command timed out");
			}
			this.values.remove(key, value);
		}

	}

}
