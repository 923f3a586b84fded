package com.defernowork.gateway.auth.vault;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Ticker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.AuthServerTestBase;
import com.defernowork.gateway.auth.storage.AuthorizationLifetime;
import com.defernowork.gateway.auth.storage.memory.MemoryOAuth2AuthorizationService;
import com.defernowork.gateway.auth.storage.redis.RedisKeyValueStore;
import com.defernowork.gateway.auth.storage.redis.RedisScoredSets;
import com.defernowork.gateway.auth.vault.DefernoTokenRevoker.Outcome;
import com.defernowork.gateway.testsupport.MutableClock;
import com.defernowork.gateway.testsupport.TestRedis;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who holds a revocable Deferno token, on the test Redis: ended holders do not pile up in
 * {@code vault:holders:<handle>}, and the due entry follows the grants that outlive a
 * sign-out.
 */
class DefernoTokenHoldersRedisIT {

	private final String prefix = TestRedis.uniquePrefix("token-holders");

	private final LettuceConnectionFactory connections = AuthServerTestBase.testRedisConnections();

	private final StringRedisTemplate redis = new StringRedisTemplate(this.connections);

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));

	private final DefernoTokenHolders holders = new DefernoTokenHolders(new RedisScoredSets(this.redis, this.prefix),
			this.clock);

	private final TokenVault vault = TestVaults.on(new RedisKeyValueStore(this.redis, this.prefix), this.holders,
			this.clock);

	private final List<String> revoked = new ArrayList<>();

	private final DefernoTokenSweep sweep = sweep();

	private DefernoTokenSweep sweep() {
		AuthorizationLifetime lifetime = new AuthorizationLifetime(Duration.ofMinutes(10));
		UnrecordedHolds unrecorded = new UnrecordedHolds(new MemoryOAuth2AuthorizationService(lifetime, this.clock),
				this.vault, this.holders, lifetime, this.clock);
		return new DefernoTokenSweep(this.vault, this.holders, unrecorded, (id, token) -> {
			this.revoked.add(id);
			return Outcome.REVOKED;
		}, (event) -> {
		}, Ticker.systemTicker());
	}

	@AfterEach
	void cleanUp() {
		AuthServerTestBase.deleteKeys(this.prefix);
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

	@Test
	void sweepWhenSignedOutAndTheLastGrantExpiresBeforeTheSignInWouldHaveThenRevokedWithinTwoMinutesOfItsEnd() {
		Instant start = this.clock.instant();
		String handle = signIn();
		// AUTH_REFRESH_TOKEN_TTL shorter than a sign-in's 8 hours
		this.vault.bindGrant(handle, "grant-a", Duration.ofHours(1));
		this.clock.advance(Duration.ofMinutes(10));
		this.vault.deleteSignIn(handle);
		Instant due = start.plus(Duration.ofHours(1)).plus(DefernoTokenHolders.CLOCK_SKEW);
		assertThat(dueAt(handle)).isEqualTo(due);

		this.clock.advance(Duration.between(this.clock.instant(), due).minusSeconds(1));
		this.sweep.sweep();
		assertThat(this.revoked).isEmpty();
		this.clock.advance(Duration.ofSeconds(1));
		this.sweep.sweep();
		assertThat(this.revoked).containsExactly("t1");
	}

	@Test
	void holdWhenARefreshExtendsTheGrantAfterSignOutThenItsTokenComesDueOnlyAtTheNewEnd() {
		Instant start = this.clock.instant();
		String handle = signIn();
		this.vault.bindGrant(handle, "grant-a", Duration.ofHours(1));
		this.vault.deleteSignIn(handle);
		Instant firstDue = dueAt(handle);
		this.clock.advance(Duration.ofMinutes(50));

		assertThat(this.vault.bindGrant(handle, "grant-a", Duration.ofHours(1))).isTrue();
		Instant due = start.plus(Duration.ofMinutes(110)).plus(DefernoTokenHolders.CLOCK_SKEW);
		assertThat(dueAt(handle)).isEqualTo(due);

		this.clock.advance(Duration.between(this.clock.instant(), firstDue));
		this.sweep.sweep();
		assertThat(this.revoked).isEmpty();
		assertThat(this.vault.forGrant("grant-a")).isPresent();
		this.clock.advance(Duration.between(this.clock.instant(), due));
		this.sweep.sweep();
		assertThat(this.revoked).containsExactly("t1");
	}

	private String signIn() {
		return this.vault.storeSignIn(new DefernoCredential("pat-of-t1", null), "t1", "user-1",
				TestVaults.SIGN_IN_IDLE);
	}

	private Set<String> holders(String handle) {
		return this.redis.opsForZSet().range(this.prefix + "vault:holders:" + handle, 0, -1);
	}

	private Instant dueAt(String handle) {
		Double score = this.redis.opsForZSet().score(this.prefix + "vault:revocations", handle);
		return Instant.ofEpochMilli(score.longValue());
	}

}
