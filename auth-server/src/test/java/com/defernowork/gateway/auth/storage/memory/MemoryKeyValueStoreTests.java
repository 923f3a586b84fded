package com.defernowork.gateway.auth.storage.memory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.storage.GrantBusyException;
import com.defernowork.gateway.auth.storage.KeyValueGrantLocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MemoryKeyValueStoreTests {

	private final AtomicLong nanos = new AtomicLong();

	private final MemoryKeyValueStore store = new MemoryKeyValueStore(this.nanos::get);

	@Test
	void getWhenTtlPassedThenGone() {
		this.store.put("a", "1", Duration.ofMinutes(5));
		advance(Duration.ofMinutes(4));
		assertThat(this.store.get("a")).isEqualTo("1");
		advance(Duration.ofMinutes(2));
		assertThat(this.store.get("a")).isNull();
	}

	@Test
	void incrementWhenCountedThenOneMoreEachTimeUntilItExpires() {
		assertThat(this.store.increment("count", Duration.ofMinutes(5))).isEqualTo(1);
		assertThat(this.store.increment("count", Duration.ofMinutes(5))).isEqualTo(2);
		assertThat(this.store.get("count")).isEqualTo("2");
		advance(Duration.ofMinutes(6));
		assertThat(this.store.increment("count", Duration.ofMinutes(5))).isEqualTo(1);
	}

	@Test
	void putWhenNoTtlThenKept() {
		this.store.put("a", "1", null);
		advance(Duration.ofDays(3650));
		assertThat(this.store.get("a")).isEqualTo("1");
	}

	@Test
	void expireWhenEntryExistsThenLivesLongerAndWhenMissingThenFalse() {
		this.store.put("a", "1", Duration.ofMinutes(5));
		assertThat(this.store.expire("a", Duration.ofDays(1))).isTrue();
		advance(Duration.ofHours(2));
		assertThat(this.store.get("a")).isEqualTo("1");
		assertThat(this.store.expire("missing", Duration.ofDays(1))).isFalse();
		assertThat(this.store.get("missing")).isNull();
	}

	@Test
	void putIfAbsentWhenPresentThenKeepsFirstUntilItExpires() {
		assertThat(this.store.putIfAbsent("lock", "owner-1", Duration.ofSeconds(30))).isTrue();
		assertThat(this.store.putIfAbsent("lock", "owner-2", Duration.ofSeconds(30))).isFalse();
		assertThat(this.store.get("lock")).isEqualTo("owner-1");
		advance(Duration.ofSeconds(31));
		assertThat(this.store.putIfAbsent("lock", "owner-2", Duration.ofSeconds(30))).isTrue();
	}

	@Test
	void deleteIfValueWhenOtherOwnerThenKept() {
		this.store.put("lock", "owner-2", Duration.ofSeconds(30));
		this.store.deleteIfValue("lock", "owner-1");
		assertThat(this.store.get("lock")).isEqualTo("owner-2");
		this.store.deleteIfValue("lock", "owner-2");
		assertThat(this.store.get("lock")).isNull();
	}

	@Test
	void withLockWhenGrantLeasedThenOtherRequestFailsAndLeaseReleasedAfterwards() {
		KeyValueGrantLocks locks = new KeyValueGrantLocks(this.store, Duration.ofSeconds(30), Duration.ofMillis(50));
		locks.withLock("grant-1", () -> {
			assertThatExceptionOfType(GrantBusyException.class)
				.isThrownBy(() -> locks.withLock("grant-1", () -> "never"))
				.withMessageContaining("grant is busy");
			return null;
		});
		assertThat(this.store.get("lock:grant:grant-1")).isNull();
		assertThat(locks.withLock("grant-1", () -> "again")).isEqualTo("again");
	}

	private void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

}
