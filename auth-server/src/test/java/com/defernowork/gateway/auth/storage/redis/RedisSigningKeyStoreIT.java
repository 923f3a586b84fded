package com.defernowork.gateway.auth.storage.redis;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.storage.SecretSeal;
import com.defernowork.gateway.auth.storage.SigningKeys;
import com.defernowork.gateway.auth.vault.TestVaults;
import com.nimbusds.jose.jwk.RSAKey;

import static org.assertj.core.api.Assertions.assertThat;

class RedisSigningKeyStoreIT {

	private static final SecretSeal SEAL = TestVaults.inMemory().sealFor("signing-key");

	private RedisTestConnection connection;

	@BeforeEach
	void setUp() {
		this.connection = new RedisTestConnection("auth-jwk");
	}

	@AfterEach
	void cleanUp() {
		this.connection.close();
	}

	@Test
	void loadOrCreateWhenSecondInstanceThenSameKeyWithPrivatePart() {
		RSAKey first = SigningKeys.loadOrCreate(new RedisKeyValueStore(this.connection.redis, this.connection.prefix),
				SEAL);
		RSAKey second = SigningKeys.loadOrCreate(new RedisKeyValueStore(this.connection.redis, this.connection.prefix),
				SEAL);

		assertThat(first.isPrivate()).isTrue();
		assertThat(second.getKeyID()).isEqualTo(first.getKeyID());
		assertThat(second).isEqualTo(first);
		assertThat(this.connection.redis.getExpire(this.connection.prefix + "jwk:rsa")).isEqualTo(-1L);
	}

	@Test
	void loadOrCreateWhenOtherPrefixThenOtherKey() {
		RSAKey mine = SigningKeys.loadOrCreate(new RedisKeyValueStore(this.connection.redis, this.connection.prefix),
				SEAL);
		try (RedisTestConnection other = new RedisTestConnection("auth-jwk-other")) {
			RSAKey theirs = SigningKeys.loadOrCreate(new RedisKeyValueStore(other.redis, other.prefix), SEAL);
			assertThat(theirs.getKeyID()).isNotEqualTo(mine.getKeyID());
		}
	}

}
