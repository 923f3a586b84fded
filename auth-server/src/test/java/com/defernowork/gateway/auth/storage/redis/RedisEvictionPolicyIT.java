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
