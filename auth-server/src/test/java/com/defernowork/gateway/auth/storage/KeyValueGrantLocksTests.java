package com.defernowork.gateway.auth.storage;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.dao.QueryTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class KeyValueGrantLocksTests {

	@Test
	void withLockWhenStoreFailsThenTheFailureNotABusyGrant() {
		// an outage must reach the outage handling (503), not read as a busy grant (400)
		FlakyKeyValueStore store = new FlakyKeyValueStore();
		store.failPutIfAbsent = true;
		KeyValueGrantLocks locks = new KeyValueGrantLocks(store, Duration.ofSeconds(10), Duration.ofMillis(200));
		assertThatExceptionOfType(QueryTimeoutException.class).isThrownBy(() -> locks.withLock("g1", () -> "done"));
	}

	@Test
	void withLockWhenHeldByAnotherThenBusy() {
		FlakyKeyValueStore store = new FlakyKeyValueStore();
		store.values.put("lock:grant:g1", "someone else");
		KeyValueGrantLocks locks = new KeyValueGrantLocks(store, Duration.ofSeconds(10), Duration.ofMillis(200));
		assertThatExceptionOfType(GrantBusyException.class).isThrownBy(() -> locks.withLock("g1", () -> "done"));
	}

	@Test
	void withLockWhenReleaseFailsThenTheWorksResultStands() {
		// the work saved already: a failed release only leaves the lease to expire
		FlakyKeyValueStore store = new FlakyKeyValueStore();
		store.failDelete = true;
		KeyValueGrantLocks locks = new KeyValueGrantLocks(store, Duration.ofSeconds(10), Duration.ofMillis(200));
		assertThat(locks.withLock("g1", () -> "saved")).isEqualTo("saved");
	}

	@Test
	void withLockWhenReleaseFailsThenReleasedOnceTheStoreAnswersAgain() {
		// a dropped connection is back within moments; the client's retry must not wait
		// out the lease (10 s)
		FlakyKeyValueStore store = new FlakyKeyValueStore();
		store.failDelete = true;
		KeyValueGrantLocks locks = new KeyValueGrantLocks(store, Duration.ofSeconds(10), Duration.ofMillis(200));
		locks.withLock("g1", () -> "saved");
		assertThat(store.values).containsKey("lock:grant:g1");
		store.failDelete = false;
		await().atMost(Duration.ofSeconds(2)).until(() -> !store.values.containsKey("lock:grant:g1"));
		assertThat(locks.withLock("g1", () -> "next")).isEqualTo("next");
	}

	@Test
	void withLockWhenReleaseFailsThroughAFailoverThenReleasedWithinSecondsOfItsEnd() throws InterruptedException {
		// a Redis failover under the auth server lasts several seconds; the lease (20 s)
		// would keep every refresh of this grant "still running" long after it
		FlakyKeyValueStore store = new FlakyKeyValueStore();
		store.failDelete = true;
		KeyValueGrantLocks locks = new KeyValueGrantLocks(store, Duration.ofSeconds(20), Duration.ofMillis(200));
		locks.withLock("g1", () -> "saved");
		// the background tries run on real time
		Thread.sleep(8_000);
		assertThat(store.values).containsKey("lock:grant:g1");

		store.failDelete = false;

		// the tries are 2 s apart by now; the rest is slack for a loaded machine, still
		// far inside the lease
		await().atMost(Duration.ofSeconds(6)).until(() -> !store.values.containsKey("lock:grant:g1"));
	}

}
