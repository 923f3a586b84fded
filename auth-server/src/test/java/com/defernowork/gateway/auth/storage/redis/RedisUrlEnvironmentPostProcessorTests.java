package com.defernowork.gateway.auth.storage.redis;

import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.storage.StorageKind;
import com.defernowork.gateway.web.settings.InvalidSettingException;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisUrlEnvironmentPostProcessorTests {

	private final RedisUrlEnvironmentPostProcessor processor = new RedisUrlEnvironmentPostProcessor();

	@Test
	void postProcessEnvironmentWhenRedisUrlThenItIsSpringsUrlAndSelectsRedis() {
		MockEnvironment environment = new MockEnvironment().withProperty("REDIS_URL", "redis://redis:6379");

		this.processor.postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("spring.data.redis.url")).isEqualTo("redis://redis:6379");
		assertThat(StorageKind.resolve(environment)).isEqualTo(StorageKind.REDIS);
	}

	@Test
	void postProcessEnvironmentWhenRedisUrlEmptyAndClusterNodesThenNoUrlAtAll() {
		MockEnvironment environment = new MockEnvironment().withProperty("REDIS_URL", "")
			.withProperty("spring.data.redis.cluster.nodes", "127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002");

		this.processor.postProcessEnvironment(environment, new SpringApplication());

		// an empty spring.data.redis.url is an invalid URL to Spring Boot, not an absent
		// one
		assertThat(environment.containsProperty("spring.data.redis.url")).isFalse();
		assertThat(StorageKind.resolve(environment)).isEqualTo(StorageKind.REDIS);
	}

	@Test
	void postProcessEnvironmentWhenSpringUrlAlsoSetThenSpringUrlWins() {
		MockEnvironment environment = new MockEnvironment().withProperty("REDIS_URL", "redis://alias:6379")
			.withProperty("spring.data.redis.url", "redis://spring:6379");

		this.processor.postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("spring.data.redis.url")).isEqualTo("redis://spring:6379");
	}

	@Test
	void postProcessEnvironmentWhenRedisUrlNamesADatabaseThenTaken() {
		for (String url : java.util.List.of("redis://redis:6379/", "redis://redis:6379/3", "rediss://:pw@redis/15")) {
			MockEnvironment environment = new MockEnvironment().withProperty("REDIS_URL", url);
			this.processor.postProcessEnvironment(environment, new SpringApplication());
			assertThat(environment.getProperty("spring.data.redis.url")).isEqualTo(url);
		}
	}

	@Test
	void postProcessEnvironmentWhenSentinelNodesWithoutTheMastersNameThenRefusedNamingBoth() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.data.redis.sentinel.nodes",
				"127.0.0.1:26379");

		assertThatThrownBy(() -> this.processor.postProcessEnvironment(environment, new SpringApplication()))
			.isInstanceOf(InvalidSettingException.class)
			.hasMessage("SPRING_DATA_REDIS_SENTINEL_NODES (spring.data.redis.sentinel.nodes) needs "
					+ "SPRING_DATA_REDIS_SENTINEL_MASTER (spring.data.redis.sentinel.master), which is not set");
		environment.setProperty("spring.data.redis.sentinel.master", "mymaster");
		this.processor.postProcessEnvironment(environment, new SpringApplication());
	}

	@Test
	void postProcessEnvironmentWhenRedisUrlBesideClusterOrSentinelThenRefusedNamingBoth() {
		for (String topology : java.util.List.of("spring.data.redis.cluster.nodes", "spring.data.redis.sentinel.master",
				"spring.data.redis.sentinel.nodes")) {
			for (String url : java.util.List.of("REDIS_URL", "spring.data.redis.url")) {
				MockEnvironment environment = new MockEnvironment().withProperty(url, "redis://redis:6379")
					.withProperty(topology, "127.0.0.1:7000")
					.withProperty("spring.data.redis.sentinel.master", "mymaster");

				assertThatThrownBy(() -> this.processor.postProcessEnvironment(environment, new SpringApplication()))
					.isInstanceOf(InvalidSettingException.class)
					.hasMessageStartingWith("REDIS_URL (spring.data.redis.url) and SPRING_DATA_REDIS_")
					.hasMessageEndingWith(" are both set, and each chooses the Redis the auth server uses");
			}
		}
		// compose passes an empty one
		MockEnvironment environment = new MockEnvironment().withProperty("REDIS_URL", "")
			.withProperty("spring.data.redis.sentinel.master", "mymaster")
			.withProperty("spring.data.redis.sentinel.nodes", "127.0.0.1:26379");
		this.processor.postProcessEnvironment(environment, new SpringApplication());
	}

	@Test
	void postProcessEnvironmentWhenNothingThenMemory() {
		MockEnvironment environment = new MockEnvironment();

		this.processor.postProcessEnvironment(environment, new SpringApplication());

		assertThat(StorageKind.resolve(environment)).isEqualTo(StorageKind.MEMORY);
	}

	@Test
	void postProcessEnvironmentWhenRedisUrlMalformedThenRefusedNamingItWithoutThePassword() {
		for (String url : java.util.List.of("redis//:TopSecretPw123@127.0.0.1:6379",
				"http://:TopSecretPw123@redis:6379", "redis://:TopSecretPw123@", "not a url",
				"redis://:TopSecretPw123@127.0.0.1:6379/notadb", "redis://:TopSecretPw123@redis/1/2")) {
			MockEnvironment environment = new MockEnvironment().withProperty("REDIS_URL", url);
			org.assertj.core.api.Assertions
				.assertThatExceptionOfType(com.defernowork.gateway.web.settings.InvalidSettingException.class)
				.isThrownBy(() -> this.processor.postProcessEnvironment(environment, new SpringApplication()))
				.withMessageStartingWith("REDIS_URL (spring.data.redis.url) must be a redis:// or rediss:// URL")
				.withMessageNotContaining("TopSecretPw123");
		}
	}

}
