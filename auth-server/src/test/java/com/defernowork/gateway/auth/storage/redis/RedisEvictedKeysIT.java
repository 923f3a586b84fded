package com.defernowork.gateway.auth.storage.redis;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.defernowork.gateway.testsupport.MutableClock;
import com.defernowork.gateway.testsupport.redis.RedisClusterLauncher;
import com.defernowork.gateway.testsupport.redis.RedisProcess;
import com.defernowork.gateway.testsupport.redis.RedisSentinelLauncher;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The count of keys Redis evicted, read with the health's write check, and the warning
 * when it grows, against Redis processes of the test's own that run out of room with an
 * eviction policy set while they run.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisEvictedKeysIT {

	private static final String WARNING = "keys to make room since";

	private static final String QUIET = "Redis has evicted no keys for 5 minutes";

	private final MutableClock clock = MutableClock.now();

	@Test
	void runWhenRedisEvictsThenWarnsOncePerEpisodeSayingWhatEvictionsDoAndWhatToChange(CapturedOutput output) {
		try (RedisProcess redis = RedisProcess.start();
				RedisTestConnection connection = RedisTestConnection
					.observing(new RedisStandaloneConfiguration("127.0.0.1", redis.port()))) {
			RedisEvictedKeys evicted = new RedisEvictedKeys(connection.redis, this.clock);
			run(evicted);
			assertThat(evicted.count()).isZero();
			assertThat(evicted.evictingSince()).isNull();

			// as an operator's CONFIG SET at runtime, then more writes than room
			fill(redis, connection.redis, "a");
			run(evicted);
			assertThat(evicted.count()).isPositive().isEqualTo(Long.parseLong(redis.info("stats", "evicted_keys")));
			assertThat(evicted.evictingSince()).isNotNull();
			fill(redis, connection.redis, "b");
			run(evicted);
			assertThat(output.getAll().lines().filter((line) -> line.contains(WARNING))).singleElement()
				.asString()
				.contains(" WARN ", "invalid_token", "invalid_client", "Set maxmemory-policy noeviction", "redisWrites",
						"more memory");

			// no eviction for a while ends the episode; the next one is told again
			for (int i = 0; i < 5; i++) {
				run(evicted);
			}
			assertThat(output.getAll()).doesNotContain(QUIET);
			this.clock.advance(RedisEvictedKeys.QUIET);
			run(evicted);
			assertThat(output.getAll()).contains(QUIET);
			assertThat(evicted.evictingSince()).isNull();
			fill(redis, connection.redis, "c");
			run(evicted);
			assertThat(output.getAll().lines().filter((line) -> line.contains(WARNING))).hasSize(2);
		}
	}

	@Test
	void runWhenEvictionsPrecedeTheFirstReadOrTheCountFallsThenSaysNothing(CapturedOutput output) {
		try (RedisProcess redis = RedisProcess.start();
				RedisTestConnection connection = RedisTestConnection
					.observing(new RedisStandaloneConfiguration("127.0.0.1", redis.port()))) {
			RedisEvictedKeys evicted = new RedisEvictedKeys(connection.redis, this.clock);
			fill(redis, connection.redis, "before");
			// evictions before this server started are not news
			run(evicted);
			assertThat(evicted.count()).isPositive();
			// a restarted Redis, or CONFIG RESETSTAT, counts from 0 again
			redis.cli("CONFIG", "RESETSTAT");
			run(evicted);
			assertThat(evicted.count()).isZero();
			run(evicted);
		}
		assertThat(output.getAll()).doesNotContain(WARNING);
	}

	@Test
	void runWhenOneClusterNodeEvictsThenTheNodesCountsAreSummedAndItWarns(CapturedOutput output) {
		try (RedisClusterLauncher cluster = RedisClusterLauncher.start();
				RedisTestConnection connection = RedisTestConnection.onCluster(cluster, "evicted-keys-it")) {
			RedisEvictedKeys evicted = new RedisEvictedKeys(connection.redis, this.clock);
			run(evicted);
			assertThat(evicted.count()).isZero();

			RedisProcess node = cluster.nodes().get(1);
			fill(node, connection.redis, "cluster");
			run(evicted);
			assertThat(evicted.count()).isPositive()
				.isEqualTo(cluster.nodes()
					.stream()
					.mapToLong((each) -> Long.parseLong(each.info("stats", "evicted_keys")))
					.sum())
				.isEqualTo(Long.parseLong(node.info("stats", "evicted_keys")));
		}
		assertThat(output.getAll().lines().filter((line) -> line.contains(WARNING))).singleElement();
	}

	@Test
	void runWhenTheSentinelsPrimaryEvictsThenWarnsAndAfterAFailoverReadsTheNewPrimary(CapturedOutput output) {
		try (RedisSentinelLauncher sentinel = RedisSentinelLauncher.start();
				RedisTestConnection connection = RedisTestConnection.observing(new RedisSentinelConfiguration(
						RedisSentinelLauncher.MASTER, Set.of(sentinel.sentinelNodesProperty())))) {
			RedisEvictedKeys evicted = new RedisEvictedKeys(connection.redis, this.clock);
			run(evicted);
			fill(sentinel.primary(), connection.redis, "first");
			run(evicted);
			assertThat(evicted.count()).isPositive();
			// what was evicted must not refill the new primary past its room
			connection.redis.delete(connection.redis.keys("first:*"));

			sentinel.failover();
			this.clock.advance(RedisEvictedKeys.QUIET);
			run(evicted);
			assertThat(evicted.count()).isEqualTo(Long.parseLong(sentinel.primary().info("stats", "evicted_keys")));
			fill(sentinel.primary(), connection.redis, "second");
			run(evicted);
			assertThat(evicted.count()).isPositive();
		}
		assertThat(output.getAll().lines().filter((line) -> line.contains(WARNING))).hasSize(2);
	}

	private void run(RedisEvictedKeys evicted) {
		this.clock.advance(Duration.ofSeconds(10));
		evicted.run();
	}

	/**
	 * Gives the node an eviction policy and about 3 MB of room above what it holds, and
	 * writes 10 MB of 100 KB values under the prefix, which it must evict some of.
	 */
	private static void fill(RedisProcess node, StringRedisTemplate redis, String prefix) {
		long used = Long.parseLong(node.info("memory", "used_memory"));
		node.cli("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
		node.cli("CONFIG", "SET", "maxmemory", Long.toString(used + 3_000_000));
		long before = Long.parseLong(node.info("stats", "evicted_keys"));
		String value = "x".repeat(100_000);
		for (int i = 0; i < 100; i++) {
			redis.opsForValue().set(prefix + ":" + i, value);
		}
		assertThat(Long.parseLong(node.info("stats", "evicted_keys"))).as("evictions on %s", node.address())
			.isGreaterThan(before);
	}

}
