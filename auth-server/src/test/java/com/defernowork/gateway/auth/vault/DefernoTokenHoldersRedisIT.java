package com.defernowork.gateway.auth.vault;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.storage.StorageKind;
import com.defernowork.gateway.auth.storage.redis.RedisKeyValueStore;
import com.defernowork.gateway.auth.storage.redis.RedisScoredSets;
import com.defernowork.gateway.testsupport.MutableClock;
import com.defernowork.gateway.testsupport.TestRedis;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who holds a revocable Deferno token, on the test Redis: ended holders do not pile up in
 * {@code vault:holders:<handle>}.
 */
class DefernoTokenHoldersRedisIT {

	private final String prefix = TestRedis.uniquePrefix("token-holders");

	private final LettuceConnectionFactory connections = connect();

	private final StringRedisTemplate redis = new StringRedisTemplate(this.connections);

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));

	private final DefernoTokenHolders holders = new DefernoTokenHolders(new RedisScoredSets(this.redis, this.prefix),
			this.clock);

	private final TokenVault vault = new TokenVault(new RedisKeyValueStore(this.redis, this.prefix),
			new TokenCipher(
					VaultKeys.from(new VaultProperties(Base64.getEncoder().encodeToString(new byte[32]), "test", null),
							StorageKind.MEMORY)),
			this.holders, this.clock);

	private static LettuceConnectionFactory connect() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(TestRedis.host(), TestRedis.port()));
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	@AfterEach
	void cleanUp() {
		Set<String> keys = this.redis.keys(this.prefix + "*");
		if (!keys.isEmpty()) {
			this.redis.delete(keys);
		}
		this.connections.destroy();
	}

	@Test
	void holdWhenAuthorizationsWereAbandonedAtConsentThenTheEndedOnesGoAtTheNextHold() {
		String handle = signIn();
		this.vault.bindGrant(handle, "grant-live", Duration.ofDays(30));
		for (int i = 0; i < 100; i++) {
			// a pending authorization lives auth.pending-authorization-ttl
			this.vault.bindGrant(handle, "pending-" + i, Duration.ofMinutes(10));
		}
		assertThat(holders(handle)).hasSize(102);

		// one that ended less than the clock skew ago still counts for the sweep
		this.clock.advance(Duration.ofMinutes(10).plusSeconds(30));
		this.vault.bindGrant(handle, "grant-live", Duration.ofDays(30));
		assertThat(holders(handle)).hasSize(102);

		this.clock.advance(DefernoTokenHolders.CLOCK_SKEW);
		// a refresh of the live grant
		this.vault.bindGrant(handle, "grant-live", Duration.ofDays(30));
		assertThat(holders(handle)).containsExactlyInAnyOrder("sign-in", "grant-live");
	}

	private String signIn() {
		return this.vault.storeSignIn(new DefernoCredential("pat-of-t1", null), "t1", "user-1");
	}

	private Set<String> holders(String handle) {
		return this.redis.opsForZSet().range(this.prefix + "vault:holders:" + handle, 0, -1);
	}

}
