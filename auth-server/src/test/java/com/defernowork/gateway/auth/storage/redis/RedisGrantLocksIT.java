package com.defernowork.gateway.auth.storage.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.storage.GrantBusyException;
import com.defernowork.gateway.auth.storage.GrantLocks;
import com.defernowork.gateway.auth.storage.KeyValueGrantLocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The grant lease seen from two auth-server instances (two lock objects, one Redis). */
class RedisGrantLocksIT {

	private RedisTestConnection connection;

	private GrantLocks instanceA;

	private GrantLocks instanceB;

	@BeforeEach
	void setUp() {
		this.connection = new RedisTestConnection("auth-locks");
		this.instanceA = locks(Duration.ofSeconds(5));
		this.instanceB = locks(Duration.ofSeconds(5));
	}

	@AfterEach
	void cleanUp() {
		this.connection.close();
	}

	@Test
	void withLockWhenTwoInstancesRaceOnOneGrantThenNeverOverlapAndLeaseReleased() throws Exception {
		AtomicInteger inside = new AtomicInteger();
		AtomicInteger maxInside = new AtomicInteger();
		CountDownLatch start = new CountDownLatch(1);
		List<CompletableFuture<Void>> runs = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			GrantLocks locks = (i % 2 == 0) ? this.instanceA : this.instanceB;
			runs.add(CompletableFuture.runAsync(() -> {
				await(start);
				locks.withLock("grant-1", () -> {
					maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
					sleep(20);
					inside.decrementAndGet();
					return null;
				});
			}));
		}
		start.countDown();
		CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get();
		assertThat(maxInside).hasValue(1);
		assertThat(this.connection.keysMatching("lock:*")).isEmpty();
	}

	@Test
	void withLockWhenOtherGrantThenNotBlocked() {
		String result = this.instanceA.withLock("grant-1", () -> this.instanceB.withLock("grant-2", () -> "both"));
		assertThat(result).isEqualTo("both");
	}

	@Test
	void withLockWhenLeaseHeldLongerThanWaitThenFailsInsteadOfRacing() {
		GrantLocks impatient = locks(Duration.ofMillis(200));
		this.instanceA.withLock("grant-1", () -> {
			assertThatExceptionOfType(GrantBusyException.class)
				.isThrownBy(() -> impatient.withLock("grant-1", () -> "never"))
				.withMessageContaining("grant is busy");
			return null;
		});
	}

	@Test
	void withLockWhenAnotherOwnersLeaseExistsThenReleaseLeavesItAlone() {
		String key = this.connection.prefix + "lock:grant:grant-1";
		this.instanceA.withLock("grant-1", () -> {
			// the lease lapsed and another instance took it; our release must not delete
			// theirs
			this.connection.redis.opsForValue().set(key, "someone-else");
			return null;
		});
		assertThat(this.connection.redis.opsForValue().get(key)).isEqualTo("someone-else");
	}

	/** One auth-server instance's locks: its own objects on the shared Redis. */
	private GrantLocks locks(Duration wait) {
		return new KeyValueGrantLocks(new RedisKeyValueStore(this.connection.redis, this.connection.prefix),
				Duration.ofSeconds(30), wait);
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
