package com.defernowork.gateway.auth.storage.redis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.defernowork.gateway.testsupport.redis.RedisClusterLauncher;
import com.defernowork.gateway.testsupport.redis.RedisProcess;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start-time warning about a Redis that would delete the auth server's keys once it
 * fills, against Redis processes of the test's own.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisEvictionPolicyIT {

	private static final String WARNING = "Redis's maxmemory-policy is";

	@Test
	void runWhenRedisEvictsKeysWithAnExpiryThenWarnsNamingThePolicyAndWhatToSet(CapturedOutput output) {
		// the default of several managed Redis services
		try (RedisProcess redis = RedisProcess.start("--maxmemory", "100mb", "--maxmemory-policy", "volatile-lru");
				RedisTestConnection connection = observing(redis)) {
			new RedisEvictionPolicy(connection.redis).run();
		}

		assertThat(output.getAll().lines().filter((line) -> line.contains(WARNING))).singleElement()
			.asString()
			.contains("WARN", "volatile-lru", "Set maxmemory-policy noeviction", "redisWrites");
	}

	@Test
	void runWhenThePolicyChangesWhileTheServerRunsThenWarnsOnceAndSaysWhenItEvictsNoMore(CapturedOutput output) {
		try (RedisProcess redis = RedisProcess.start("--maxmemory", "100mb", "--maxmemory-policy", "noeviction");
				RedisTestConnection connection = observing(redis)) {
			RedisEvictionPolicy policy = new RedisEvictionPolicy(connection.redis);
			policy.run();
			assertThat(policy.evicting()).isEmpty();

			redis.cli("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
			policy.run();
			policy.run();
			assertThat(policy.evicting()).containsExactly("allkeys-lru");
			assertThat(output.getAll().lines().filter((line) -> line.contains(WARNING))).singleElement()
				.asString()
				.contains("allkeys-lru");
			redis.cli("CONFIG", "SET", "maxmemory-policy", "volatile-lru");
			policy.run();
			assertThat(output.getAll().lines().filter((line) -> line.contains(WARNING))).hasSize(2)
				.last()
				.asString()
				.contains("volatile-lru");

			redis.cli("CONFIG", "SET", "maxmemory-policy", "noeviction");
			policy.run();
			assertThat(policy.evicting()).isEmpty();
			assertThat(output.getAll()).contains("Redis's maxmemory-policy is noeviction again");
			// said at start only: later, Redis's trouble is the write check's to report
			redis.cli("ACL", "SETUSER", "default", "-info");
			policy.run();
			assertThat(policy.evicting()).isEmpty();
		}
		assertThat(output.getAll()).doesNotContain("Could not read");
	}

	@Test
	void runWhenRedisEvictsNothingThenSaysNothing(CapturedOutput output) {
		try (RedisProcess redis = RedisProcess.start("--maxmemory", "100mb", "--maxmemory-policy", "noeviction");
				RedisTestConnection connection = observing(redis)) {
			new RedisEvictionPolicy(connection.redis).run();
		}
		// without a maxmemory Redis never evicts, whatever its policy
		try (RedisProcess redis = RedisProcess.start("--maxmemory-policy", "allkeys-lru");
				RedisTestConnection connection = observing(redis)) {
			new RedisEvictionPolicy(connection.redis).run();
		}

		assertThat(output.getAll()).doesNotContain(WARNING, "Could not read");
	}

	@Test
	void runWhenAClusterNodeEvictsThenWarnsNamingItsPolicy(CapturedOutput output) {
		try (RedisClusterLauncher cluster = RedisClusterLauncher.start();
				RedisTestConnection connection = RedisTestConnection.onCluster(cluster, "eviction-policy-it")) {
			for (RedisProcess node : cluster.nodes()) {
				node.cli("CONFIG", "SET", "maxmemory", "100mb");
			}
			cluster.nodes().get(1).cli("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
			new RedisEvictionPolicy(connection.redis).run();
		}

		assertThat(output.getAll().lines().filter((line) -> line.contains(WARNING))).singleElement()
			.asString()
			.contains("allkeys-lru")
			.doesNotContain("noeviction,");
	}

	@Test
	void runWhenRedisRefusesInfoThenSaysWhatToCheckAndDoesNotStopTheStart(CapturedOutput output) {
		try (RedisProcess redis = RedisProcess.start(); RedisTestConnection connection = observing(redis)) {
			redis.cli("ACL", "SETUSER", "default", "-info");
			new RedisEvictionPolicy(connection.redis).run();
		}

		assertThat(output.getAll())
			.contains("Could not read Redis's maxmemory-policy (NOPERM", "make sure it is noeviction")
			.doesNotContain(WARNING);
	}

	private static RedisTestConnection observing(RedisProcess redis) {
		return RedisTestConnection.observing(new RedisStandaloneConfiguration("127.0.0.1", redis.port()));
	}

}
