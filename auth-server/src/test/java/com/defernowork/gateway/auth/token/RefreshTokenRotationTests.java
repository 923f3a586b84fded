package com.defernowork.gateway.auth.token;

import java.time.Duration;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Ticker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.audit.AuditEvent;
import com.defernowork.gateway.auth.storage.AuthorizationLifetime;
import com.defernowork.gateway.auth.storage.ForwardingAuthorizationService;
import com.defernowork.gateway.auth.storage.GrantBusyException;
import com.defernowork.gateway.auth.storage.GrantLocks;
import com.defernowork.gateway.auth.storage.KeyValueGrantLocks;
import com.defernowork.gateway.auth.storage.RefreshReplay;
import com.defernowork.gateway.auth.storage.RotatedRefreshToken;
import com.defernowork.gateway.auth.storage.StorageFixtures;
import com.defernowork.gateway.auth.storage.memory.MemoryKeyValueStore;
import com.defernowork.gateway.auth.storage.memory.MemoryOAuth2AuthorizationService;
import com.defernowork.gateway.auth.vault.TestVaults;
import com.defernowork.gateway.auth.vault.TokenVault;
import com.defernowork.gateway.testsupport.MutableClock;

import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2AccessTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Rotation, replay within the grace window and reuse detection, on the memory store with
 * a clock of the test's.
 */
class RefreshTokenRotationTests {

	private static final Duration GRACE = Duration.ofSeconds(5);

	private final MutableClock clock = MutableClock.now();

	private final MemoryOAuth2AuthorizationService authorizations = new MemoryOAuth2AuthorizationService(
			new AuthorizationLifetime(Duration.ofMinutes(10)), this.clock);

	private final TokenVault vault = TestVaults.inMemory();

	private final OAuth2TokenGenerator<OAuth2Token> tokens = new DelegatingOAuth2TokenGenerator(
			new OAuth2AccessTokenGenerator(), new PublicClientRefreshTokenGenerator(this.vault::marked));

	private final RegisteredClient client = StorageFixtures.publicClient();

	private final RefreshTokenRotation rotation = rotation(memoryLocks(), this.vault);

	private OAuth2Authorization grant;

	@BeforeEach
	void issueGrant() {
		AuthorizationServerContextHolder.setContext(LocalServerContext.SERVER);
		Instant now = Instant.now();
		this.grant = StorageFixtures.pending(this.client, StorageFixtures.person("u1"))
			.authorizedScopes(Set.of("tasks:read", "plan:read"))
			.accessToken(StorageFixtures.accessToken(now, Duration.ofHours(1)))
			.refreshToken(StorageFixtures.refreshToken(now, Duration.ofDays(1)))
			.build();
		this.authorizations.save(this.grant);
	}

	@AfterEach
	void resetContext() {
		AuthorizationServerContextHolder.resetContext();
	}

	private RefreshTokenRotation rotation(GrantLocks locks, TokenVault vault) {
		return new RefreshTokenRotation(this.authorizations, this.tokens, locks, vault, GRACE, this.clock, (event) -> {
		});
	}

	private OAuth2RefreshTokenAuthenticationToken request(String refreshToken, Set<String> scopes) {
		return new OAuth2RefreshTokenAuthenticationToken(refreshToken,
				new OAuth2ClientAuthenticationToken(this.client, ClientAuthenticationMethod.NONE, null), scopes,
				Map.of("resource", StorageFixtures.RESOURCE));
	}

	private Pair refresh(RefreshTokenRotation rotation, String refreshToken) {
		OAuth2AccessTokenAuthenticationToken answer = (OAuth2AccessTokenAuthenticationToken) rotation
			.authenticate(request(refreshToken, Set.of()));
		return new Pair(answer.getAccessToken(), answer.getRefreshToken());
	}

	private String firstRefreshToken() {
		return this.grant.getRefreshToken().getToken().getTokenValue();
	}

	/**
	 * What introspection would say of an access token: found, and the found token active.
	 */
	private boolean active(String accessToken) {
		OAuth2Authorization found = this.authorizations.findByToken(accessToken, null);
		return found != null && found.getToken(accessToken) != null && found.getToken(accessToken).isActive();
	}

	record Pair(OAuth2AccessToken access, OAuth2RefreshToken refresh) {

		String accessValue() {
			return this.access.getTokenValue();
		}

		String refreshValue() {
			return this.refresh.getTokenValue();
		}

	}

	@Test
	void authenticateWhenCurrentTokenThenRotatedAndTheNewPairWorks() {
		Pair pair = refresh(this.rotation, firstRefreshToken());

		assertThat(pair.refreshValue()).isNotEqualTo(firstRefreshToken());
		assertThat(active(pair.accessValue())).isTrue();
		assertThat(active(this.grant.getAccessToken().getToken().getTokenValue())).isFalse();
		assertThat(refresh(this.rotation, pair.refreshValue()).refreshValue()).isNotEqualTo(pair.refreshValue());
	}

	@Test
	void authenticateWhenReplacedTokenUsedAgainWithinGraceThenTheSamePairAndBothAnswersWork() {
		Pair first = refresh(this.rotation, firstRefreshToken());
		this.clock.advance(GRACE.minusSeconds(1));

		Pair second = refresh(this.rotation, firstRefreshToken());

		assertThat(second.accessValue()).isEqualTo(first.accessValue());
		assertThat(second.refreshValue()).isEqualTo(first.refreshValue());
		assertThat(second.access().getExpiresAt()).isEqualTo(first.access().getExpiresAt());
		assertThat(second.access().getScopes()).isEqualTo(first.access().getScopes());
		assertThat(second.refresh().getExpiresAt()).isEqualTo(first.refresh().getExpiresAt());
		assertThat(active(first.accessValue())).isTrue();
		assertThat(refresh(this.rotation, second.refreshValue()).accessValue()).isNotEqualTo(first.accessValue());
	}

	@Test
	void authenticateWhenTwentyConcurrentRefreshesOfOneTokenThenOnePairCreatedOnceForAll() throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(20);
		try {
			List<CompletableFuture<Pair>> refreshes = java.util.stream.IntStream.range(0, 20)
				.mapToObj((i) -> CompletableFuture
					.supplyAsync(awaiting(start, () -> refresh(this.rotation, firstRefreshToken())), threads))
				.toList();
			start.countDown();
			List<Pair> answers = refreshes.stream().map(CompletableFuture::join).toList();

			assertThat(answers).extracting(Pair::accessValue).containsOnly(answers.get(0).accessValue());
			assertThat(answers).extracting(Pair::refreshValue).containsOnly(answers.get(0).refreshValue());
			assertThat(active(answers.get(0).accessValue())).isTrue();
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void authenticateWhenReplacedTokenUsedAfterGraceThenGrantRevoked() {
		Pair first = refresh(this.rotation, firstRefreshToken());
		this.clock.advance(GRACE.plusSeconds(1));

		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> refresh(this.rotation, firstRefreshToken()))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_grant"));
		assertThat(this.authorizations.findById(this.grant.getId())).isNull();
		assertThat(active(first.accessValue())).isFalse();
	}

	@Test
	void authenticateWhenTheRotationTookLongerThanTheGraceThenItsTwinStillGetsTheSamePair() {
		OAuth2TokenGenerator<OAuth2Token> slow = (context) -> {
			this.clock.advance(GRACE.plusSeconds(1));
			return this.tokens.generate(context);
		};
		RefreshTokenRotation rotation = new RefreshTokenRotation(this.authorizations, slow, memoryLocks(), this.vault,
				GRACE, this.clock, (event) -> {
				});
		Pair first = refresh(rotation, firstRefreshToken());

		Pair twin = refresh(this.rotation, firstRefreshToken());

		assertThat(twin.accessValue()).isEqualTo(first.accessValue());
		assertThat(active(first.accessValue())).isTrue();
	}

	@Test
	void authenticateWhenTheReplayEndedBeforeTheGraceFromTheStoresRotationTimeThenReuseRevokesTheGrant() {
		List<String> events = new CopyOnWriteArrayList<>();
		// a save that reaches the store a second after the rotation sealed its answer
		OAuth2AuthorizationService late = new ForwardingAuthorizationService(this.authorizations) {
			@Override
			public void save(OAuth2Authorization authorization) {
				RefreshTokenRotationTests.this.clock.advance(Duration.ofSeconds(1));
				super.save(authorization);
			}
		};
		RefreshTokenRotation rotation = new RefreshTokenRotation(late, this.tokens, memoryLocks(), this.vault, GRACE,
				this.clock, (event) -> events.add(((AuditEvent) event).type()));
		Pair first = refresh(rotation, firstRefreshToken());
		// past the replay's window, inside the grace counted from the recorded rotation
		this.clock.advance(GRACE.minusMillis(500));

		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> refresh(rotation, firstRefreshToken()))
			.satisfies((ex) -> assertThat(ex.getError().getDescription()).contains("the grant is revoked"));
		assertThat(events).contains(AuditEvent.REFRESH_REUSE);
		assertThat(active(first.accessValue())).isFalse();
	}

	/**
	 * Two auth servers whose clocks differ: the rotating one recorded the rotation's
	 * instant by its clock, by which the retrying one reads the grace as over, while the
	 * store (Redis, timing the replay for every server alike) still holds the replay.
	 */
	@Test
	void authenticateWhenTheStoreStillHoldsTheReplayThoughTheRotatingClockSaysTheGraceIsOverThenTheSamePair() {
		Pair first = refresh(this.rotation, firstRefreshToken());
		Duration skew = GRACE.plusSeconds(3);
		OAuth2AuthorizationService timedByRedis = new ForwardingAuthorizationService(this.authorizations) {
			@Override
			public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
				OAuth2Authorization found = super.findByToken(token, tokenType);
				RefreshReplay replay = (found != null) ? found.getAttribute(RefreshReplay.ATTRIBUTE) : null;
				return (replay == null) ? found
						: OAuth2Authorization.from(found)
							.attribute(RefreshReplay.ATTRIBUTE,
									new RefreshReplay(replay.rotatedTokenHash(), replay.sealed(),
											replay.expiresAt().plus(skew)))
							.build();
			}
		};
		MutableClock ahead = new MutableClock(this.clock.instant().plus(skew));
		RefreshTokenRotation other = new RefreshTokenRotation(timedByRedis, this.tokens, memoryLocks(), this.vault,
				GRACE, ahead, (event) -> {
				});

		Pair retried = refresh(other, firstRefreshToken());

		assertThat(retried.accessValue()).isEqualTo(first.accessValue());
		assertThat(active(first.accessValue())).isTrue();
	}

	@Test
	void authenticateWhenAStolenTokenWasRotatedOnManyTimesThenItsReuseStillRevokesTheGrant() {
		// the thief refreshes first, then many times more, so that the stolen token is no
		// longer among those the grant remembers
		Pair stolen = refresh(this.rotation, firstRefreshToken());
		this.clock.advance(GRACE.plusSeconds(1));
		Pair thief = stolen;
		for (int i = 0; i < RotatedRefreshToken.REMEMBERED + 2; i++) {
			thief = refresh(this.rotation, thief.refreshValue());
		}
		assertThat(stolen.refreshValue()).startsWith(this.grant.getId() + ".");
		String thiefsAccess = thief.accessValue();

		// the person's client presents the token the thief refreshed first
		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> refresh(this.rotation, stolen.refreshValue()))
			.satisfies((ex) -> assertThat(ex.getError().getDescription()).contains("already used"));
		assertThat(this.authorizations.findById(this.grant.getId())).isNull();
		assertThat(active(thiefsAccess)).isFalse();
	}

	@Test
	void authenticateWhenReplacedTwiceWithinGraceThenRefusedAndTheNewestPairStillWorks() {
		Pair first = refresh(this.rotation, firstRefreshToken());
		Pair second = refresh(this.rotation, first.refreshValue());

		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> refresh(this.rotation, firstRefreshToken()))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_grant"));
		assertThat(active(second.accessValue())).isTrue();
		assertThat(refresh(this.rotation, second.refreshValue())).isNotNull();
	}

	@Test
	void authenticateWhenReplacedTokenAsksForOtherScopesWithinGraceThenRefused() {
		refresh(this.rotation, firstRefreshToken());

		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> this.rotation.authenticate(request(firstRefreshToken(), Set.of("tasks:read"))))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_grant"));
		assertThat(this.authorizations.findById(this.grant.getId())).isNotNull();
	}

	@Test
	void authenticateWhenAnswerSealedWithAnotherKeyThenRefusedNotRevoked() {
		Pair first = refresh(this.rotation, firstRefreshToken());
		// an instance started without the shared VAULT_KEY cannot open what another
		// sealed
		RefreshTokenRotation elsewhere = rotation(memoryLocks(), TestVaults.inMemory(new byte[32]));

		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> refresh(elsewhere, firstRefreshToken()))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_grant"));
		assertThat(active(first.accessValue())).isTrue();
	}

	@Test
	void authenticateWhenFirstAnswersAccessTokenRevokedThenReplayRefused() {
		Pair first = refresh(this.rotation, firstRefreshToken());
		OAuth2Authorization current = this.authorizations.findByToken(first.accessValue(),
				OAuth2TokenType.ACCESS_TOKEN);
		this.authorizations
			.save(OAuth2Authorization.from(current).invalidate(current.getAccessToken().getToken()).build());

		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> refresh(this.rotation, firstRefreshToken()));
	}

	@Test
	void authenticateWhenGrantLockBusyThenTemporarilyUnavailableNotAServerError() {
		GrantLocks busy = new GrantLocks() {
			@Override
			public <T> T withLock(String authorizationId, Supplier<T> work) {
				throw new GrantBusyException("grant is busy");
			}
		};

		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> refresh(rotation(busy, this.vault), firstRefreshToken()))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("temporarily_unavailable"));
	}

	@Test
	void authenticateWhenARotationOutlivesItsLeaseAndIsOvertakenThenItAnswersWithTheOthersPair() throws Exception {
		Overtaking slow = new Overtaking();

		CompletableFuture<Pair> slower = slow.start(firstRefreshToken());
		slow.leaseLapses();
		Pair faster = refresh(slow.rotation, firstRefreshToken());
		Pair answer = slow.finish(slower);

		assertThat(answer.accessValue()).isEqualTo(faster.accessValue());
		assertThat(answer.refreshValue()).isEqualTo(faster.refreshValue());
		assertThat(active(faster.accessValue())).isTrue();
		assertThat(refresh(this.rotation, faster.refreshValue()).refreshValue()).isNotEqualTo(faster.refreshValue());
	}

	@Test
	void authenticateWhenARotationSlowerThanTheGraceIsOvertakenThenItAnswersWithTheOthersPair() throws Exception {
		Overtaking slow = new Overtaking();

		CompletableFuture<Pair> slower = slow.start(firstRefreshToken());
		slow.leaseLapses();
		this.clock.advance(GRACE.plusSeconds(1));
		Pair faster = refresh(slow.rotation, firstRefreshToken());
		Pair answer = slow.finish(slower);

		assertThat(answer.accessValue()).isEqualTo(faster.accessValue());
		assertThat(active(faster.accessValue())).isTrue();
	}

	@Test
	void authenticateWhenTheGrantIsRemovedDuringARotationThenRefusedAndNotBroughtBack() throws Exception {
		Overtaking slow = new Overtaking();

		CompletableFuture<Pair> slower = slow.start(firstRefreshToken());
		this.authorizations.remove(this.grant);

		assertThatExceptionOfType(OAuth2AuthenticationException.class).isThrownBy(() -> slow.finish(slower))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_grant"));
		assertThat(this.authorizations.findById(this.grant.getId())).isNull();
	}

	/**
	 * A rotation held inside its token generation while the test changes the grant, with
	 * locks on a ticker the test moves past their lease.
	 */
	private final class Overtaking {

		private final AtomicLong nanos = new AtomicLong();

		private final CountDownLatch inside = new CountDownLatch(1);

		private final CountDownLatch release = new CountDownLatch(1);

		private volatile Thread held;

		private final RefreshTokenRotation rotation = new RefreshTokenRotation(
				RefreshTokenRotationTests.this.authorizations, this::generate,
				new KeyValueGrantLocks(new MemoryKeyValueStore(this.nanos::get), Duration.ofSeconds(20),
						Duration.ofSeconds(3)),
				RefreshTokenRotationTests.this.vault, GRACE, RefreshTokenRotationTests.this.clock, (event) -> {
				});

		private OAuth2Token generate(OAuth2TokenContext context) {
			if (Thread.currentThread() == this.held) {
				this.inside.countDown();
				try {
					this.release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			return RefreshTokenRotationTests.this.tokens.generate(context);
		}

		CompletableFuture<Pair> start(String refreshToken) throws InterruptedException {
			CompletableFuture<Pair> answer = CompletableFuture.supplyAsync(awaiting(new CountDownLatch(0), () -> {
				this.held = Thread.currentThread();
				return refresh(this.rotation, refreshToken);
			}));
			assertThat(this.inside.await(10, TimeUnit.SECONDS)).isTrue();
			return answer;
		}

		void leaseLapses() {
			this.nanos.addAndGet(Duration.ofSeconds(21).toNanos());
		}

		Pair finish(CompletableFuture<Pair> answer) throws Exception {
			this.release.countDown();
			try {
				return answer.get(10, TimeUnit.SECONDS);
			}
			catch (ExecutionException ex) {
				throw (ex.getCause() instanceof Exception cause) ? cause : ex;
			}
		}

	}

	private static <T> Supplier<T> awaiting(CountDownLatch start, Supplier<T> work) {
		return () -> {
			try {
				start.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			AuthorizationServerContextHolder.setContext(LocalServerContext.SERVER);
			return work.get();
		};
	}

	/**
	 * One instance's grant locks: a lease in a memory store, as the memory configuration
	 * builds them.
	 */
	private static GrantLocks memoryLocks() {
		return new KeyValueGrantLocks(new MemoryKeyValueStore(Ticker.systemTicker()), Duration.ofSeconds(30),
				Duration.ofSeconds(10));
	}

}
