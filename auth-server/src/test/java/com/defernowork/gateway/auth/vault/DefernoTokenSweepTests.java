package com.defernowork.gateway.auth.vault;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

import com.github.benmanes.caffeine.cache.Ticker;
import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.audit.AuditEvent;
import com.defernowork.gateway.auth.storage.AuthorizationLifetime;
import com.defernowork.gateway.auth.storage.KeyValueStore;
import com.defernowork.gateway.auth.storage.ScoredSets;
import com.defernowork.gateway.auth.storage.StorageKind;
import com.defernowork.gateway.auth.storage.memory.MemoryKeyValueStore;
import com.defernowork.gateway.auth.storage.memory.MemoryOAuth2AuthorizationService;
import com.defernowork.gateway.auth.storage.memory.MemoryScoredSets;
import com.defernowork.gateway.auth.user.DefernoAuthenticationToken;
import com.defernowork.gateway.auth.user.DefernoUser;
import com.defernowork.gateway.auth.vault.DefernoTokenRevoker.Outcome;
import com.defernowork.gateway.testsupport.MutableClock;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A revocable Deferno token comes due when its sign-in and every grant holding it have
 * ended, explicitly or by expiry, and the sweep revokes it once.
 */
class DefernoTokenSweepTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));

	private final MemoryKeyValueStore store = new MemoryKeyValueStore(Ticker.systemTicker());

	private final MemoryScoredSets sets = new MemoryScoredSets();

	private final DefernoTokenHolders holders = new DefernoTokenHolders(this.sets, this.clock);

	private final TokenCipher cipher = new TokenCipher(VaultKeys
		.from(new VaultProperties(Base64.getEncoder().encodeToString(new byte[32]), "test", null), StorageKind.MEMORY));

	private final TokenVault vault = new TokenVault(this.store, this.cipher, this.holders, this.clock);

	private final AuthorizationLifetime lifetime = new AuthorizationLifetime(Duration.ofMinutes(10));

	private final MemoryOAuth2AuthorizationService grantStore = new MemoryOAuth2AuthorizationService(this.lifetime,
			this.clock);

	private final VaultBoundAuthorizationService grants = new VaultBoundAuthorizationService(this.grantStore,
			this.vault, this.lifetime, this.clock);

	private final List<String> revoked = new ArrayList<>();

	private final List<AuditEvent> events = new ArrayList<>();

	private BiFunction<String, String, Outcome> deferno = (id, token) -> Outcome.REVOKED;

	/** The sweep's monotonic time, moved on by a slow Deferno. */
	private final AtomicLong nanos = new AtomicLong();

	private final DefernoTokenSweep sweep = sweep(this.vault, this.holders);

	private DefernoTokenSweep sweep(TokenVault vault, DefernoTokenHolders holders) {
		UnrecordedHolds unrecorded = new UnrecordedHolds(this.grants, vault, holders, this.lifetime, this.clock);
		return new DefernoTokenSweep(vault, holders, unrecorded, (id, token) -> {
			Outcome outcome = this.deferno.apply(id, token);
			this.revoked.add(id + "=" + token);
			return outcome;
		}, (event) -> this.events.add((AuditEvent) event), this.nanos::get);
	}

	private String signIn(String tokenId) {
		return this.vault.storeSignIn(new DefernoCredential("pat-of-" + tokenId, null), tokenId, "user-1",
				TestVaults.SIGN_IN_IDLE);
	}

	@Test
	void sweepWhenSignInAndEveryGrantEndedThenRevokedOnceAndForgotten() {
		String handle = signIn("t1");
		this.vault.bindGrant(handle, "grant-a", Duration.ofDays(30));
		this.vault.bindGrant(handle, "grant-b", Duration.ofDays(30));

		this.vault.deleteSignIn(handle);
		this.vault.deleteGrant(handle, "grant-a");
		this.sweep.sweep();
		assertThat(this.revoked).isEmpty();

		this.vault.deleteGrant(handle, "grant-b");
		this.sweep.sweep();
		this.sweep.sweep();
		assertThat(this.revoked).containsExactly("t1=pat-of-t1");
		assertThat(this.events).singleElement().satisfies((event) -> {
			assertThat(event.type()).isEqualTo(AuditEvent.DEFERNO_TOKEN_REVOKED);
			assertThat(event.user()).isEqualTo("user-1");
			assertThat(event.details()).containsEntry("outcome", "revoked").containsEntry("token_id", "t1");
		});
		assertThat(this.vault.revocable(handle)).isEmpty();
		assertThat(this.sets.upTo("vault:revocations", Long.MAX_VALUE, 10)).isEmpty();
		assertThat(this.sets.highest("vault:holders:" + handle)).isEmpty();
	}

	@Test
	void sweepWhenNoGrantWasGivenThenRevokedWhenTheSignInExpires() {
		signIn("t1");
		this.clock.advance(TestVaults.SIGN_IN_IDLE.minusMinutes(1));
		this.sweep.sweep();
		assertThat(this.revoked).isEmpty();
		this.clock.advance(Duration.ofMinutes(2));
		this.sweep.sweep();
		assertThat(this.revoked).containsExactly("t1=pat-of-t1");
	}

	@Test
	void sweepWhenTheSignInsSessionAsksForAnAuthorizationThenHeldItsIdleTimeoutFromThere() {
		String handle = signIn("t1");
		this.clock.advance(Duration.ofMinutes(20));
		assertThat(this.vault.holdSignIn(handle, TestVaults.SIGN_IN_IDLE)).isTrue();
		this.clock.advance(Duration.ofMinutes(20));
		this.sweep.sweep();
		assertThat(this.revoked).as("held until 30 min after the request, not the sign-in").isEmpty();
		this.clock.advance(Duration.ofMinutes(10).plus(DefernoTokenHolders.CLOCK_SKEW));
		this.sweep.sweep();
		assertThat(this.revoked).containsExactly("t1=pat-of-t1");
	}

	@Test
	void sweepWhenTheSignInsSessionKeepsAskingForAuthorizationsThenHeldUntilItsLimitAndNoLonger() {
		String handle = signIn("t1");
		for (int request = 0; request < 23; request++) {
			this.clock.advance(Duration.ofMinutes(20));
			assertThat(this.vault.holdSignIn(handle, TestVaults.SIGN_IN_IDLE)).isTrue();
			this.sweep.sweep();
		}
		assertThat(this.revoked).as("7 h 40 min after the sign-in").isEmpty();

		this.clock.advance(Duration.ofMinutes(20));
		assertThat(this.vault.holdSignIn(handle, TestVaults.SIGN_IN_IDLE)).as("at the limit").isFalse();
		this.sweep.sweep();
		assertThat(this.revoked).containsExactly("t1=pat-of-t1");
	}

	@Test
	void sweepWhenAGrantOutlivesTheSignInThenRevokedOnlyWhenTheGrantExpiresAfterItsLastExtension() {
		String handle = signIn("t1");
		this.vault.bindGrant(handle, "grant-a", Duration.ofHours(10));
		this.clock.advance(Duration.ofHours(9));
		// a refresh extends the grant's copy
		this.vault.bindGrant(handle, "grant-a", Duration.ofHours(10));
		this.clock.advance(Duration.ofHours(9));
		this.sweep.sweep();
		assertThat(this.revoked).isEmpty();
		this.clock.advance(Duration.ofHours(1));
		this.sweep.sweep();
		assertThat(this.revoked).isEmpty();
		this.clock.advance(DefernoTokenHolders.CLOCK_SKEW.plusSeconds(1));
		this.sweep.sweep();
		assertThat(this.revoked).containsExactly("t1=pat-of-t1");
	}

	@Test
	void sweepWhenSignedOutButAGrantLivesThenNotRevoked() {
		String handle = signIn("t1");
		this.vault.bindGrant(handle, "grant-a", Duration.ofDays(30));
		this.vault.deleteSignIn(handle);
		this.clock.advance(Duration.ofDays(29));
		this.sweep.sweep();
		assertThat(this.revoked).isEmpty();
		assertThat(this.vault.forGrant("grant-a")).isPresent();
	}

	@Test
	void sweepWhenDefernoFailsThenTriedAgainAfterTheClaimAndNotBefore() {
		String handle = signIn("t1");
		this.vault.deleteSignIn(handle);
		this.deferno = (id, token) -> {
			throw new IllegalStateException("Deferno answered 503");
		};
		this.sweep.sweep();
		this.sweep.sweep();
		assertThat(this.revoked).isEmpty();
		assertThat(this.vault.revocable(handle)).isPresent();

		this.deferno = (id, token) -> Outcome.REVOKED;
		this.clock.advance(DefernoTokenHolders.CLAIM.minusSeconds(1));
		this.sweep.sweep();
		assertThat(this.revoked).isEmpty();
		this.clock.advance(Duration.ofSeconds(1));
		this.sweep.sweep();
		assertThat(this.revoked).containsExactly("t1=pat-of-t1");
	}

	@Test
	void sweepWhenDefernoFailsThreeInARowThenTheSweepStopsWithoutTryingTheRest() {
		List<String> tried = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			this.vault.deleteSignIn(signIn("t" + i));
		}
		this.deferno = (id, token) -> {
			tried.add(id);
			throw new IllegalStateException("Deferno did not answer");
		};
		this.sweep.sweep();
		assertThat(tried).hasSize(3);
		this.deferno = (id, token) -> Outcome.REVOKED;
		this.clock.advance(DefernoTokenHolders.CLAIM);
		this.sweep.sweep();
		assertThat(this.revoked).hasSize(5);
	}

	@Test
	void sweepWhenDefernoIsSlowThenItStopsAtItsBudgetWithinABatchAndTheNextSweepGoesOn() {
		for (int i = 0; i < 10; i++) {
			this.vault.deleteSignIn(signIn("t" + i));
		}
		this.deferno = (id, token) -> {
			this.nanos.addAndGet(Duration.ofSeconds(8).toNanos());
			return Outcome.REVOKED;
		};
		this.sweep.sweep();
		assertThat(this.revoked).as("30 s at 8 s a revocation").hasSize(4);

		this.sweep.sweep();
		assertThat(this.revoked).as("given back, not left claimed for minutes").hasSize(8);
		this.sweep.sweep();
		assertThat(this.revoked).hasSize(10).doesNotHaveDuplicates();
	}

	@Test
	void sweepWhenTheFirstTokensDueAreAllHeldByGrantsThenItGoesOnToTheOnesToRevoke() {
		// sign-ins whose grants an auth server of the version before held: their due
		// entries stay at the sign-in's end, and are moved to the grant's
		for (int i = 0; i < 10; i++) {
			this.sets.score("vault:holders:" + signIn("held-" + i), "grant-" + i,
					this.clock.instant().plus(Duration.ofDays(30)).toEpochMilli(), ScoredSets.Change.SET);
		}
		this.clock.advance(Duration.ofMinutes(1));
		signIn("t1");
		this.clock.advance(TestVaults.SIGN_IN_IDLE.plus(DefernoTokenHolders.CLOCK_SKEW));

		this.sweep.sweep();
		assertThat(this.revoked).containsExactly("t1=pat-of-t1");
	}

	@Test
	void sweepWhenDefernoAlwaysFailsOnThreeTokensClaimedFirstThenTheOthersClaimedWithThemAreStillRevoked() {
		List<String> handles = new ArrayList<>();
		for (String id : List.of("bad-1", "bad-2", "bad-3", "t1")) {
			handles.add(signIn(id));
		}
		handles.forEach(this.vault::deleteSignIn);
		this.deferno = (id, token) -> {
			if (id.startsWith("bad-")) {
				throw new IllegalStateException("Deferno answered 500");
			}
			return Outcome.REVOKED;
		};

		for (int minute = 0; minute < 30; minute++) {
			this.sweep.sweep();
			this.clock.advance(DefernoTokenRevocationConfig.SWEEP_INTERVAL);
		}
		assertThat(this.revoked).containsExactly("t1=pat-of-t1");
	}

	@Test
	void sweepWhenDefernoSaysGoneOrRefusesThenForgottenAndAuditedSo() {
		String gone = signIn("gone");
		String refused = signIn("refused");
		this.deferno = (id, token) -> id.equals("gone") ? Outcome.GONE : Outcome.REFUSED;
		this.vault.deleteSignIn(gone);
		this.vault.deleteSignIn(refused);
		this.sweep.sweep();
		assertThat(this.events).extracting((event) -> event.details().get("outcome"))
			.containsExactlyInAnyOrder("gone", "refused");
		this.clock.advance(DefernoTokenHolders.CLAIM);
		this.sweep.sweep();
		assertThat(this.revoked).hasSize(2);
		assertThat(this.vault.revocable(gone)).isEmpty();
		assertThat(this.vault.revocable(refused)).isEmpty();
	}

	@Test
	void claimDueWhenClaimedThenNotClaimedAgainUntilTheClaimLapses() {
		for (int i = 0; i < 4; i++) {
			this.vault.deleteSignIn(signIn("t" + i));
		}
		assertThat(this.holders.claimDue(100).handles()).hasSize(4);
		assertThat(this.holders.claimDue(100).handles()).isEmpty();
		this.clock.advance(DefernoTokenHolders.CLAIM);
		assertThat(this.holders.claimDue(3).handles()).hasSize(3);
	}

	@Test
	void sweepWhenAGrantHoldsTheTokenWithoutARecordedHoldThenKeptUntilTheGrantEnds() {
		String handle = signIn("t1");
		// an auth server of an earlier version: it copies the token to the grant and
		// records no hold
		TokenVault earlier = new TokenVault(this.store, this.cipher,
				new DefernoTokenHolders(new MemoryScoredSets(), this.clock), this.clock);
		OAuth2Authorization grant = grant(handle);
		earlier.bindGrant(handle, grant.getId(), Duration.ofDays(30));
		this.grantStore.save(grant);
		this.vault.deleteSignIn(handle);

		this.sweep.sweep();
		assertThat(this.revoked).isEmpty();
		assertThat(this.sets.highest("vault:holders:" + handle))
			.hasValue(this.lifetime.expiresAt(grant, this.clock.instant()).toEpochMilli());
		this.clock.advance(DefernoTokenHolders.CLAIM);
		this.sweep.sweep();
		assertThat(this.revoked).isEmpty();

		this.grants.remove(grant);
		this.sweep.sweep();
		assertThat(this.revoked).containsExactly("t1=pat-of-t1");
	}

	@Test
	void storeSignInWhenTheTokenIdIsADotSegmentThenRevokedByEndingItsSession() {
		this.vault.deleteSignIn(
				this.vault.storeSignIn(new DefernoCredential("pat", null), "..", "user-1", TestVaults.SIGN_IN_IDLE));
		this.vault.deleteSignIn(
				this.vault.storeSignIn(new DefernoCredential("pat", null), ".", "user-1", TestVaults.SIGN_IN_IDLE));
		this.vault.deleteSignIn(
				this.vault.storeSignIn(new DefernoCredential("pat", null), "a.b", "user-1", TestVaults.SIGN_IN_IDLE));
		this.sweep.sweep();
		assertThat(this.revoked).containsExactlyInAnyOrder("null=pat", "null=pat", "a.b=pat");
	}

	@Test
	void storeSignInWhenNoUsableTokenIdThenRevokedByEndingItsSession() {
		for (String tokenId : new String[] { null, "../../users/1", "" }) {
			this.vault.deleteSignIn(this.vault.storeSignIn(new DefernoCredential("pat", null), tokenId, "user-1",
					TestVaults.SIGN_IN_IDLE));
		}
		this.sweep.sweep();
		assertThat(this.revoked).containsExactly("null=pat", "null=pat", "null=pat");
		assertThat(this.events).allSatisfy((event) -> assertThat(event.details()).doesNotContainKey("token_id"));
	}

	@Test
	void storeSignInWhenNotToBeRevokedThenNothingTracked() {
		String plain = this.vault.storeSignIn(new DefernoCredential("pat", null), TestVaults.SIGN_IN_IDLE);
		this.vault.bindGrant(plain, "grant-plain", Duration.ofHours(1));
		this.vault.deleteGrant(plain, "grant-plain");
		this.vault.deleteSignIn(plain);
		this.vault.deleteSignIn(
				this.vault.storeSignIn(new DefernoCredential("pat", null), "t1", null, TestVaults.SIGN_IN_IDLE));
		this.clock.advance(Duration.ofDays(1));
		this.sweep.sweep();
		assertThat(this.revoked).isEmpty();
		assertThat(this.sets.upTo("vault:revocations", Long.MAX_VALUE, 10)).isEmpty();
	}

	@Test
	void removeWhenTheLastGrantOfASignedOutPersonIsRevokedThenItsDefernoTokenIsRevoked() {
		String handle = signIn("t1");
		OAuth2Authorization grant = grant(handle);
		this.grants.save(grant);
		this.vault.deleteSignIn(handle);
		this.sweep.sweep();
		assertThat(this.revoked).isEmpty();

		this.grants.remove(grant);
		this.sweep.sweep();
		assertThat(this.revoked).containsExactly("t1=pat-of-t1");
	}

	@Test
	void bindGrantWhenSignedOutAndSweptWhileTheSignInIsCopiedThenTheGrantsTokenIsNotRevoked() {
		List<Runnable> meanwhile = new ArrayList<>();
		TokenVault vault = new TokenVault(new Interleaved(this.store, "vault:sign-in:", meanwhile), this.cipher,
				this.holders, this.clock);
		DefernoTokenSweep otherServer = sweep(vault, this.holders);
		String handle = vault.storeSignIn(new DefernoCredential("pat-of-t1", null), "t1", "user-1",
				TestVaults.SIGN_IN_IDLE);
		// the person signs out in another tab, and another server sweeps, right after the
		// approval read the sign-in's token and before it recorded the grant's copy
		meanwhile.add(() -> {
			vault.deleteSignIn(handle);
			otherServer.sweep();
		});

		assertThat(vault.bindGrant(handle, "grant-a", Duration.ofDays(30))).isTrue();
		this.sweep.sweep();
		assertThat(vault.forGrant("grant-a")).isPresent();
		assertThat(this.revoked).isEmpty();
	}

	@Test
	void bindGrantWhenARefreshExtendsTheGrantAtTheEndOfItsCopyAndASweepComesBetweenThenNotRevoked() {
		List<Runnable> meanwhile = new ArrayList<>();
		KeyValueStore expiring = new MemoryKeyValueStore(() -> this.clock.millis() * 1_000_000L);
		TokenVault vault = new TokenVault(new Interleaved(expiring, "vault:grant:", meanwhile), this.cipher,
				this.holders, this.clock);
		DefernoTokenSweep otherServer = sweep(vault, this.holders);
		String handle = vault.storeSignIn(new DefernoCredential("pat-of-t1", null), "t1", "user-1",
				TestVaults.SIGN_IN_IDLE);
		vault.bindGrant(handle, "grant-a", Duration.ofDays(30));
		vault.deleteSignIn(handle);
		this.clock.advance(Duration.ofDays(30).minusMillis(1));
		// the refresh extends the grant's copy in its last millisecond, and stalls;
		// another server sweeps once that end is past by more than any clock skew, before
		// the refresh recorded the grant's new end
		meanwhile.add(() -> {
			this.clock.advance(DefernoTokenHolders.CLOCK_SKEW.plusMillis(1));
			otherServer.sweep();
		});

		assertThat(vault.bindGrant(handle, "grant-a", Duration.ofDays(30))).isTrue();
		this.sweep.sweep();
		assertThat(vault.forGrant("grant-a")).isPresent();
		assertThat(this.revoked).isEmpty();
	}

	@Test
	void sweepWhenItsServersClockRunsAheadOfTheOneThatRefreshesThenAGrantRefreshedInTimeKeepsItsToken() {
		MutableClock ahead = new MutableClock(this.clock.instant().plusSeconds(30));
		KeyValueStore expiring = new MemoryKeyValueStore(() -> this.clock.millis() * 1_000_000L);
		TokenVault refreshing = new TokenVault(expiring, this.cipher, this.holders, this.clock);
		DefernoTokenHolders aheadHolders = new DefernoTokenHolders(this.sets, ahead);
		DefernoTokenSweep sweepingAhead = sweep(new TokenVault(expiring, this.cipher, aheadHolders, ahead),
				aheadHolders);
		String handle = refreshing.storeSignIn(new DefernoCredential("pat-of-t1", null), "t1", "user-1",
				TestVaults.SIGN_IN_IDLE);
		refreshing.bindGrant(handle, "grant-a", Duration.ofHours(10));
		refreshing.deleteSignIn(handle);
		Duration toJustBeforeTheGrantsEnd = Duration.ofHours(10).minusSeconds(10);
		this.clock.advance(toJustBeforeTheGrantsEnd);
		ahead.advance(toJustBeforeTheGrantsEnd);

		sweepingAhead.sweep();
		assertThat(refreshing.bindGrant(handle, "grant-a", Duration.ofHours(10))).isTrue();
		assertThat(this.revoked).isEmpty();
	}

	@Test
	void storeSignInWhenTheStoreFailsHalfwayThenNothingIsKeptThatNoSweepWouldFind() {
		List<String> handles = new ArrayList<>();
		ScoredSets failingOnTheDueList = new ScoredSets() {

			@Override
			public void score(String key, String member, long score, Change change) {
				if (key.equals("vault:revocations")) {
					handles.add(member);
					throw new IllegalStateException("Redis went away");
				}
				DefernoTokenSweepTests.this.sets.score(key, member, score, change);
			}

			@Override
			public void scoreDroppingUpTo(String key, String member, long score, long dropUpTo) {
				DefernoTokenSweepTests.this.sets.scoreDroppingUpTo(key, member, score, dropUpTo);
			}

			@Override
			public boolean remove(String key, String member) {
				return DefernoTokenSweepTests.this.sets.remove(key, member);
			}

			@Override
			public OptionalLong highest(String key) {
				return DefernoTokenSweepTests.this.sets.highest(key);
			}

			@Override
			public Map<String, Long> upTo(String key, long max, int limit) {
				return DefernoTokenSweepTests.this.sets.upTo(key, max, limit);
			}

			@Override
			public boolean replace(String key, String member, long expected, long next) {
				return DefernoTokenSweepTests.this.sets.replace(key, member, expected, next);
			}

			@Override
			public void delete(String key) {
				DefernoTokenSweepTests.this.sets.delete(key);
			}

		};
		TokenVault vault = new TokenVault(this.store, this.cipher,
				new DefernoTokenHolders(failingOnTheDueList, this.clock), this.clock);
		assertThatIllegalStateException().isThrownBy(() -> vault.storeSignIn(new DefernoCredential("pat-of-t1", null),
				"t1", "user-1", TestVaults.SIGN_IN_IDLE));

		assertThat(handles).singleElement().satisfies((handle) -> assertThat(this.vault.revocable(handle)).isEmpty());
	}

	private OAuth2Authorization grant(String handle) {
		Instant now = this.clock.instant();
		RegisteredClient client = RegisteredClient.withId("c1")
			.clientId("mcp-client")
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri("http://127.0.0.1:6274/callback")
			.build();
		return OAuth2Authorization.withRegisteredClient(client)
			.id("auth-1")
			.principalName("user-1")
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.attribute(Principal.class.getName(),
					new DefernoAuthenticationToken(new DefernoUser("user-1", "alice", "Alice"), handle))
			.accessToken(new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "mcp-at", now,
					now.plus(Duration.ofHours(1)), Set.of("tasks:read")))
			.refreshToken(new OAuth2RefreshToken("mcp-rt", now, now.plus(Duration.ofDays(30))))
			.build();
	}

	/**
	 * A store that runs what happens meanwhile elsewhere once, right after the next read
	 * or extension of a key starting with {@code prefix}.
	 */
	private record Interleaved(KeyValueStore store, String prefix, List<Runnable> meanwhile) implements KeyValueStore {

		@Override
		public String get(String key) {
			String value = this.store.get(key);
			interleave(key);
			return value;
		}

		@Override
		public void put(String key, String value, Duration ttl) {
			this.store.put(key, value, ttl);
		}

		@Override
		public boolean putIfAbsent(String key, String value, Duration ttl) {
			return this.store.putIfAbsent(key, value, ttl);
		}

		@Override
		public boolean replace(String key, String value, Duration ttl) {
			return this.store.replace(key, value, ttl);
		}

		@Override
		public long increment(String key, Duration ttl) {
			return this.store.increment(key, ttl);
		}

		@Override
		public boolean expire(String key, Duration ttl) {
			boolean extended = this.store.expire(key, ttl);
			interleave(key);
			return extended;
		}

		@Override
		public void delete(String key) {
			this.store.delete(key);
		}

		@Override
		public void deleteIfValue(String key, String value) {
			this.store.deleteIfValue(key, value);
		}

		private void interleave(String key) {
			if (key.startsWith(this.prefix)) {
				List<Runnable> now = List.copyOf(this.meanwhile);
				this.meanwhile.clear();
				now.forEach(Runnable::run);
			}
		}

	}

}
