package com.defernowork.gateway.auth.storage.redis;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.AuthServerTestBase;
import com.defernowork.gateway.auth.support.RedisValues;
import com.defernowork.gateway.auth.vault.DefernoCredential;
import com.defernowork.gateway.auth.vault.TestVaults;
import com.defernowork.gateway.auth.vault.TokenVault;
import com.defernowork.gateway.testsupport.TestRedis;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The vault on the Redis key-value store: sealed entries with expiry, never a plaintext
 * token.
 */
class RedisVaultStoreIT {

	private final String prefix = TestRedis.uniquePrefix("vault");

	private final LettuceConnectionFactory connections = AuthServerTestBase.testRedisConnections();

	private final StringRedisTemplate redis = new StringRedisTemplate(this.connections);

	private final TokenVault vault = TestVaults.on(new RedisKeyValueStore(this.redis, this.prefix),
			new RedisScoredSets(this.redis, this.prefix));

	@AfterEach
	void cleanUp() {
		AuthServerTestBase.deleteKeys(this.prefix);
		this.connections.destroy();
	}

	@Test
	void dumpWhenTokenStoredThenNoPlaintextInRedis() {
		String token = "dfr_pat_plaintext_secret_123";
		String handle = this.vault.storeSignIn(new DefernoCredential(token, null), TestVaults.SIGN_IN_IDLE);
		this.vault.bindGrant(handle, "auth-42", Duration.ofMinutes(5));
		Set<String> keys = this.redis.keys(this.prefix + "*");
		// the key check a sign-in writes when the store lacks one, which stays
		String keyCheck = this.prefix + "vault:key-check";
		assertThat(keys).containsExactlyInAnyOrder(this.prefix + "vault:sign-in:" + handle,
				this.prefix + "vault:grant:auth-42", keyCheck);
		for (String key : keys) {
			assertThat(RedisValues.decoded(this.redis, key)).as(key).doesNotContain(token);
			if (key.equals(keyCheck)) {
				assertThat(this.redis.getExpire(key)).as(key).isEqualTo(-1L);
			}
			else {
				assertThat(this.redis.getExpire(key)).as(key).isPositive();
			}
		}
		assertThat(this.vault.forGrant("auth-42")).map(DefernoCredential::token).contains(token);
	}

	@Test
	void dumpWhenRevocableTokenStoredThenKeptSealedWithItsHoldersUntilNoOneHoldsIt() {
		String token = "dfr_pat_revocable_secret_456";
		String handle = this.vault.storeSignIn(new DefernoCredential(token, null), "pat-1", "user-1",
				TestVaults.SIGN_IN_IDLE);
		this.vault.bindGrant(handle, "auth-43", Duration.ofMinutes(5));
		Set<String> keys = this.redis.keys(this.prefix + "*");
		assertThat(keys).containsExactlyInAnyOrder(this.prefix + "vault:sign-in:" + handle,
				this.prefix + "vault:grant:auth-43", this.prefix + "vault:revocable:" + handle,
				this.prefix + "vault:holders:" + handle, this.prefix + "vault:revocations",
				this.prefix + "vault:key-check");
		for (String key : keys) {
			assertThat(RedisValues.decoded(this.redis, key)).as(key).doesNotContain(token);
		}
		assertThat(this.redis.opsForZSet().range(this.prefix + "vault:holders:" + handle, 0, -1))
			.containsExactlyInAnyOrder("sign-in", "auth-43");
		this.vault.deleteSignIn(handle);
		this.vault.deleteGrant(handle, "auth-43");
		assertThat(this.redis.opsForZSet().score(this.prefix + "vault:revocations", handle))
			.isLessThanOrEqualTo((double) System.currentTimeMillis());
	}

	@Test
	void replaceWhenValueThereThenSetWithItsNewExpiryElseNothingWritten() {
		RedisKeyValueStore store = new RedisKeyValueStore(this.redis, this.prefix);
		assertThat(store.replace("vault:grant:gone", "sealed", Duration.ofMinutes(5))).isFalse();
		assertThat(this.redis.hasKey(this.prefix + "vault:grant:gone")).isFalse();

		store.put("vault:grant:kept", "old", Duration.ofSeconds(30));
		assertThat(store.replace("vault:grant:kept", "new", Duration.ofDays(30))).isTrue();
		assertThat(store.get("vault:grant:kept")).isEqualTo("new");
		assertThat(this.redis.getExpire(this.prefix + "vault:grant:kept"))
			.isGreaterThan(Duration.ofDays(29).toSeconds());

		store.put("vault:revocable:r.x", "old", null);
		assertThat(store.replace("vault:revocable:r.x", "new", null)).isTrue();
		assertThat(this.redis.getExpire(this.prefix + "vault:revocable:r.x")).isEqualTo(-1L);
	}

	@Test
	void deleteGrantWhenGrantRemovedThenKeyGone() {
		String handle = this.vault.storeSignIn(new DefernoCredential("tok", null), TestVaults.SIGN_IN_IDLE);
		this.vault.bindGrant(handle, "auth-7", Duration.ofMinutes(5));
		this.vault.deleteGrant(handle, "auth-7");
		assertThat(this.redis.hasKey(this.prefix + "vault:grant:auth-7")).isFalse();
	}

}
