package com.defernowork.gateway.auth.storage.redis;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.nimbusds.jose.jwk.RSAKey;

import static org.assertj.core.api.Assertions.assertThat;

class RedisSigningKeyStoreIT {

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
		RSAKey first = new RedisSigningKeyStore(this.connection.redis, this.connection.keys()).loadOrCreate();
		RSAKey second = new RedisSigningKeyStore(this.connection.redis, this.connection.keys()).loadOrCreate();

		assertThat(first.isPrivate()).isTrue();
		assertThat(second.getKeyID()).isEqualTo(first.getKeyID());
		assertThat(second).isEqualTo(first);
		assertThat(this.connection.redis.getExpire(this.connection.keys().signingKey())).isEqualTo(-1L);
	}

	@Test
	void loadOrCreateWhenOtherPrefixThenOtherKey() {
		RSAKey mine = new RedisSigningKeyStore(this.connection.redis, this.connection.keys()).loadOrCreate();
		try (RedisTestConnection other = new RedisTestConnection("auth-jwk-other")) {
			RSAKey theirs = new RedisSigningKeyStore(other.redis, other.keys()).loadOrCreate();
			assertThat(theirs.getKeyID()).isNotEqualTo(mine.getKeyID());
		}
	}

}
