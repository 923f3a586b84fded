package com.defernowork.gateway.auth.storage;

import com.defernowork.gateway.web.settings.InvalidSettingException;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StorageKindTests {

	@Test
	void resolveWhenUnknownKindThenNamesTheSettingAndItsValues() {
		MockEnvironment environment = new MockEnvironment().withProperty("auth.storage", "bogus");

		assertThatThrownBy(() -> StorageKind.resolve(environment)).isInstanceOf(InvalidSettingException.class)
			.hasMessageStartingWith("AUTH_STORAGE (auth.storage) must be redis or memory")
			.hasMessageEndingWith("was 'bogus'");
	}

	@Test
	void resolveWhenKindInAnyCaseThenThatKind() {
		assertThat(StorageKind.resolve(new MockEnvironment().withProperty("auth.storage", " Memory ")))
			.isEqualTo(StorageKind.MEMORY);
	}

	@Test
	void resolveWhenNoRedisSettingThenMemory() {
		assertThat(StorageKind.resolve(new MockEnvironment())).isEqualTo(StorageKind.MEMORY);
	}

	@Test
	void resolveWhenOnlyClusterNodesThenRedis() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.data.redis.cluster.nodes",
				"127.0.0.1:7000,127.0.0.1:7001");

		assertThat(StorageKind.resolve(environment)).isEqualTo(StorageKind.REDIS);
	}

	@Test
	void resolveWhenSentinelNodesAsYamlListThenRedis() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.data.redis.sentinel.master", "main")
			.withProperty("spring.data.redis.sentinel.nodes[0]", "127.0.0.1:26379");

		assertThat(StorageKind.resolve(environment)).isEqualTo(StorageKind.REDIS);
	}

	@Test
	void resolveWhenUrlHostOrPortThenRedis() {
		assertThat(StorageKind.resolve(new MockEnvironment().withProperty("spring.data.redis.url", "redis://r:6379")))
			.isEqualTo(StorageKind.REDIS);
		assertThat(StorageKind.resolve(new MockEnvironment().withProperty("spring.data.redis.host", "redis")))
			.isEqualTo(StorageKind.REDIS);
		// a Redis on this host at another port: not memory without a word
		assertThat(StorageKind.resolve(new MockEnvironment().withProperty("spring.data.redis.port", "6390")))
			.isEqualTo(StorageKind.REDIS);
	}

	@Test
	void resolveWhenBlankSettingsThenMemory() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.data.redis.url", " ")
			.withProperty("spring.data.redis.cluster.nodes", "");

		assertThat(StorageKind.resolve(environment)).isEqualTo(StorageKind.MEMORY);
	}

	@Test
	void resolveWhenAuthStorageSetThenItWins() {
		MockEnvironment environment = new MockEnvironment().withProperty("auth.storage", "Memory")
			.withProperty("spring.data.redis.cluster.nodes", "127.0.0.1:7000");

		assertThat(StorageKind.resolve(environment)).isEqualTo(StorageKind.MEMORY);
	}

}
