package com.defernowork.gateway.auth.storage.redis;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.storage.AbstractAuthorizationServiceTests;
import com.defernowork.gateway.auth.storage.AuthorizationLifetime;
import com.defernowork.gateway.auth.storage.CodeRedemptionMark;
import com.defernowork.gateway.auth.storage.RefreshReplay;
import com.defernowork.gateway.auth.storage.RotatedRefreshToken;
import com.defernowork.gateway.auth.storage.StorageFixtures;
import com.defernowork.gateway.auth.storage.TokenHashes;
import com.defernowork.gateway.auth.storage.TokenIndex;
import com.defernowork.gateway.testsupport.MutableClock;
import com.github.benmanes.caffeine.cache.Ticker;

import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * The store contract plus what is particular to Redis (expiry of every key, the key
 * layout, tokens hashed at rest, stale cross-slot pointers), run against a single Redis,
 * a Cluster and a Sentinel set-up by the subclasses.
 */
abstract class RedisStorageContract extends AbstractAuthorizationServiceTests {

	protected RedisTestConnection connection;

	/** A connection with a key prefix of its own to the Redis this suite runs against. */
	protected abstract RedisTestConnection connect();

	private RedisRegisteredClientRepository clientStore;

	@Override
	protected Store createStore() {
		this.connection = connect();
		RedisKeys keys = this.connection.keys();
		this.clientStore = new RedisRegisteredClientRepository(this.connection.redis, keys, new StorageJson(),
				Duration.ofDays(30), Duration.ofSeconds(5), Ticker.systemTicker(), java.time.Clock.systemUTC());
		return new Store(this.clientStore, authorizationsTimedBy(this.clock),
				new RedisOAuth2AuthorizationConsentService(this.connection.redis, keys, Duration.ofDays(365),
						this.clientStore),
				new RedisKeyValueStore(this.connection.redis, this.connection.prefix),
				new RedisScoredSets(this.connection.redis, this.connection.prefix));
	}

	/** The grants as a server whose clock is {@code clock} sees them. */
	private RedisOAuth2AuthorizationService authorizationsTimedBy(java.time.Clock clock) {
		RedisKeys keys = this.connection.keys();
		return new RedisOAuth2AuthorizationService(this.connection.redis, this.clientStore, keys, new StorageJson(),
				new IntrospectionRecords(this.connection.redis, keys, this.clientStore),
				new AuthorizationLifetime(Duration.ofMinutes(10)), clock);
	}

	/**
	 * A refresh's replay lives as long for every server, whatever their clocks say: one 8
	 * s ahead of the rotating server's took a 5 s replay as over at once, and a retry of
	 * the refresh as reuse.
	 */
	@Test
	void findByTokenWhenTheReadingServersClockIsAheadOfTheRotatingOnesThenTheReplayLivesAsLongAsRedisKeepsIt() {
		OAuth2Authorization first = issued();
		this.authorizations.save(first);
		String oldRefresh = first.getRefreshToken().getToken().getTokenValue();
		this.authorizations.save(OAuth2Authorization.from(first)
			.token(StorageFixtures.accessToken(this.now, Duration.ofHours(1)))
			.token(StorageFixtures.refreshToken(this.now, Duration.ofDays(30)))
			.attribute(RefreshReplay.ATTRIBUTE,
					new RefreshReplay(TokenHashes.hash(oldRefresh), "k1.sealed", this.now.plusSeconds(5)))
			.build());
		MutableClock ahead = new MutableClock(this.now.plusSeconds(8));

		OAuth2Authorization view = authorizationsTimedBy(ahead).findByToken(oldRefresh, OAuth2TokenType.REFRESH_TOKEN);

		RefreshReplay replay = RefreshReplay.of(view, ahead.instant());
		assertThat(replay).isNotNull();
		assertThat(replay.expiresAt()).isBetween(ahead.instant().plusSeconds(4), ahead.instant().plusSeconds(5));
	}

	@AfterEach
	void cleanUp() {
		this.connection.close();
	}

	/**
	 * Redis times a replay's window for every server alike, whatever their clocks say:
	 * its keys' time runs out.
	 */
	@Override
	protected void endReplayWindows(Duration time) {
		super.endReplayWindows(time);
		for (String key : this.connection.redis.keys(this.connection.keys().prefix() + "*")) {
			if (key.endsWith(":replay")) {
				this.connection.redis.delete(key);
			}
		}
	}

	private long ttlSeconds(String key) {
		return this.connection.redis.getExpire(key, TimeUnit.SECONDS);
	}

	@Test
	void saveWhenTokensIssuedThenEveryKeyExpiresWithTheLongestLivedToken() {
		OAuth2Authorization saved = issued();
		this.authorizations.save(saved);

		long refreshLeft = Duration.between(this.now, saved.getRefreshToken().getToken().getExpiresAt()).toSeconds();
		RedisKeys keys = this.connection.keys();
		assertThat(ttlSeconds(keys.grant(saved.getId()))).isCloseTo(refreshLeft, within(5L));
		assertThat(ttlSeconds(keys.grantIndexes(saved.getId()))).isCloseTo(refreshLeft, within(5L));
		assertThat(ttlSeconds(keys.principal(this.person.getName()))).isCloseTo(refreshLeft, within(5L));
		assertThat(this.connection.keysMatching("token:*")).hasSize(5)
			.allSatisfy((key) -> assertThat(ttlSeconds(key)).isCloseTo(refreshLeft, within(5L)));
	}

	@Test
	void saveWhenOnlyCodeAndAccessTokenThenExpiresWithTheAccessToken() {
		OAuth2Authorization saved = StorageFixtures.pending(this.client, this.person)
			.token(StorageFixtures.code(this.now))
			.token(StorageFixtures.accessToken(this.now, Duration.ofHours(1)))
			.build();
		this.authorizations.save(saved);

		assertThat(ttlSeconds(this.connection.keys().grant(saved.getId()))).isCloseTo(3600L, within(5L));
	}

	@Test
	void saveWhenPendingThenExpiresAfterThePendingTtl() {
		OAuth2Authorization pending = StorageFixtures.pending(this.client, this.person).build();
		this.authorizations.save(pending);

		assertThat(ttlSeconds(this.connection.keys().grant(pending.getId()))).isCloseTo(600L, within(5L));
	}

	@Test
	void saveWhenIssuedThenNoKeyNorValueHoldsATokenValue() {
		OAuth2Authorization saved = issued();
		this.authorizations.save(saved);
		this.authorizations.save(OAuth2Authorization.from(saved)
			.token(StorageFixtures.accessToken(this.now, Duration.ofHours(1)))
			.token(StorageFixtures.refreshToken(this.now, Duration.ofDays(30)))
			.attribute(RefreshReplay.ATTRIBUTE, rotating(saved))
			.build());

		Map<String, String> dump = this.connection.dump();
		assertThat(dump).isNotEmpty();
		for (String value : List.of(saved.getToken(OAuth2AuthorizationCode.class).getToken().getTokenValue(),
				saved.getAccessToken().getToken().getTokenValue(), saved.getRefreshToken().getToken().getTokenValue(),
				saved.getToken(OidcIdToken.class).getToken().getTokenValue())) {
			assertThat(dump).allSatisfy((key, stored) -> {
				assertThat(key).doesNotContain(value);
				assertThat(stored).doesNotContain(value);
			});
		}
	}

	@Test
	void saveWhenIssuedThenTheGrantsOwnKeysShareItsHashTag() {
		OAuth2Authorization saved = issued();
		this.authorizations.save(saved);
		this.authorizations.save(OAuth2Authorization.from(saved)
			.token(StorageFixtures.refreshToken(this.now, Duration.ofDays(30)))
			.attribute(com.defernowork.gateway.auth.storage.RefreshReplay.ATTRIBUTE,
					new com.defernowork.gateway.auth.storage.RefreshReplay(
							TokenHashes.hashOf(saved.getRefreshToken().getToken()), "sealed", this.now.plusSeconds(5)))
			.build());

		String tag = "{" + saved.getId() + "}";
		assertThat(this.connection.keysMatching("*" + saved.getId() + "*")).containsExactlyInAnyOrder(
				this.connection.keys().grant(saved.getId()), this.connection.keys().grantIndexes(saved.getId()),
				this.connection.keys().grantReplay(saved.getId()), this.connection.keys().grantRotated(saved.getId()))
			.allSatisfy((key) -> assertThat(key.substring(key.indexOf('{'))).startsWith(tag));
	}

	@Test
	void saveWhenRefreshRotatedThenOldAccessIndexDeletedAndOldRefreshIndexKeptUntilItExpires() {
		OAuth2Authorization first = issued();
		this.authorizations.save(first);
		this.authorizations.save(OAuth2Authorization.from(first)
			.token(StorageFixtures.accessToken(this.now, Duration.ofHours(1)))
			.token(StorageFixtures.refreshToken(this.now, Duration.ofDays(30)))
			.attribute(RefreshReplay.ATTRIBUTE, rotating(first))
			.build());

		assertThat(this.connection.redis.hasKey(tokenKey(first.getAccessToken().getToken().getTokenValue()))).isFalse();
		String oldRefresh = tokenKey(first.getRefreshToken().getToken().getTokenValue());
		assertThat(this.connection.redis.opsForValue().get(oldRefresh)).startsWith("refresh_token|" + first.getId());
		assertThat(ttlSeconds(oldRefresh)).isCloseTo(Duration.ofDays(30).toSeconds(), within(5L));
		assertThat(this.connection.keysMatching("token:*")).hasSize(6);
		assertThat(this.connection.redis.opsForZSet().size(this.connection.keys().grantIndexes(first.getId())))
			.isEqualTo(6);
	}

	@Test
	void findByTokenWhenARotationWasCutOffBeforeMarkingTheOldTokenAndTheGrantRotatedAgainThenReuse() {
		OAuth2Authorization first = issued();
		this.authorizations.save(first);
		OAuth2Authorization second = rotationOf(first);
		this.authorizations.save(second);
		String oldRefresh = first.getRefreshToken().getToken().getTokenValue();
		// the rotation's save cut off after its script: the old token's key still says
		// current
		this.connection.redis.opsForValue()
			.set(tokenKey(oldRefresh),
					TokenIndexEntry
						.current(TokenIndex.REFRESH_TOKEN, first.getId(),
								first.getRefreshToken().getToken().getIssuedAt())
						.format());
		this.authorizations.save(rotationOf(second));

		OAuth2Authorization view = this.authorizations.findByToken(oldRefresh, OAuth2TokenType.REFRESH_TOKEN);

		assertThat(view.getRefreshToken().isInvalidated()).isTrue();
		// replaced when it was issued, as far as this store can tell: long ago by the
		// time
		// it comes back
		assertThat(RotatedRefreshToken.rotatedAt(view))
			.isEqualTo(first.getRefreshToken().getToken().getIssuedAt().truncatedTo(ChronoUnit.MILLIS));
	}

	@Test
	void findByTokenWhenTheGrantsKeysLostTheRotationItsIndexKeptThenNotFoundAndNoReuse() {
		OAuth2Authorization first = issued();
		this.authorizations.save(first);
		Map<String, byte[]> before = new LinkedHashMap<>();
		RedisKeys keys = this.connection.keys();
		for (String key : List.of(keys.grant(first.getId()), keys.grantIndexes(first.getId()),
				keys.grantRotated(first.getId()), keys.grantReplay(first.getId()))) {
			before.put(key, this.connection.redis.dump(key));
		}
		OAuth2Authorization second = OAuth2Authorization.from(first)
			.token(StorageFixtures.accessToken(this.now.plusSeconds(60), Duration.ofHours(1)))
			.token(StorageFixtures.refreshToken(this.now.plusSeconds(60), Duration.ofDays(30)))
			.attribute(RefreshReplay.ATTRIBUTE, rotating(first))
			.build();
		this.authorizations.save(second);
		// a failover to a replica that lagged: the grant's slot lost the rotation, the
		// new token's index key, in another slot, kept it
		before.forEach((key, dumped) -> {
			this.connection.redis.delete(key);
			if (dumped != null) {
				this.connection.redis.restore(key, dumped, 0, TimeUnit.MILLISECONDS);
			}
		});

		String newest = second.getRefreshToken().getToken().getTokenValue();
		assertThat(this.authorizations.findByToken(newest, OAuth2TokenType.REFRESH_TOKEN)).isNull();
		// and the token the grant holds is current again
		String held = first.getRefreshToken().getToken().getTokenValue();
		assertThat(this.authorizations.findByToken(held, OAuth2TokenType.REFRESH_TOKEN).getRefreshToken().isActive())
			.isTrue();
	}

	@Test
	void saveWhenRotatedMoreOftenThanRememberedThenTheForgottenTokensKeysAreGone() {
		OAuth2Authorization grant = issued();
		this.authorizations.save(grant);
		int rotations = RotatedRefreshToken.REMEMBERED + 5;
		for (int rotation = 0; rotation < rotations; rotation++) {
			grant = OAuth2Authorization.from(grant)
				.token(StorageFixtures.accessToken(this.now, Duration.ofHours(1)))
				.token(StorageFixtures.refreshToken(this.now, Duration.ofDays(30)))
				.attribute(RefreshReplay.ATTRIBUTE, rotating(grant))
				.build();
			this.authorizations.save(grant);
		}
		// bounded however often it is refreshed: the current tokens and the remembered
		// rotated refresh tokens
		int current = TokenIndex.hashesOf(grant).size();
		assertThat(this.connection.keysMatching("token:*")).hasSize(current + RotatedRefreshToken.REMEMBERED);
		assertThat(this.connection.redis.opsForZSet().size(this.connection.keys().grantIndexes(grant.getId())))
			.isEqualTo(current + RotatedRefreshToken.REMEMBERED);
		assertThat(this.connection.redis.opsForList().size(this.connection.keys().grantRotated(grant.getId())))
			.isEqualTo(RotatedRefreshToken.REMEMBERED);

		this.authorizations.remove(grant);
		assertThat(this.connection.keysMatching("*" + grant.getId() + "*")).isEmpty();
		assertThat(this.connection.keysMatching("token:*")).isEmpty();
	}

	@Test
	void saveWhenAccessTokenIssuedThenItsIntrospectionRecordedUntilReplacedOrRevoked() {
		OAuth2Authorization saved = issued();
		this.authorizations.save(saved);
		String first = introspection(saved);
		assertThat(this.connection.redis.opsForValue().get(first)).contains("\"active\":true")
			.contains(this.client.getClientId())
			.doesNotContain(saved.getAccessToken().getToken().getTokenValue());
		assertThat(ttlSeconds(first)).isCloseTo(3600L, within(5L));

		OAuth2Authorization refreshed = OAuth2Authorization.from(saved)
			.token(StorageFixtures.accessToken(this.now, Duration.ofHours(1)))
			.build();
		this.authorizations.save(refreshed);
		String second = introspection(refreshed);
		assertThat(this.connection.redis.hasKey(first)).isFalse();
		assertThat(this.connection.redis.hasKey(second)).isTrue();

		this.authorizations
			.save(OAuth2Authorization.from(refreshed).invalidate(refreshed.getAccessToken().getToken()).build());
		assertThat(this.connection.redis.hasKey(second)).isFalse();
	}

	@Test
	void saveWhenAccessTokenAlreadyExpiredThenNoIntrospectionRecord() {
		OAuth2Authorization saved = OAuth2Authorization.from(issued())
			.token(StorageFixtures.accessToken(this.now.minus(Duration.ofHours(2)), Duration.ofHours(1)))
			.build();
		this.authorizations.save(saved);

		assertThat(this.connection.keysMatching("introspection:*")).isEmpty();
	}

	private String introspection(OAuth2Authorization authorization) {
		return this.connection.keys()
			.introspection(TokenHashes.hash(authorization.getAccessToken().getToken().getTokenValue()));
	}

	@Test
	void removeWhenRotatedThenNoKeyOfTheAuthorizationRemains() {
		OAuth2Authorization first = issued();
		this.authorizations.save(first);
		OAuth2Authorization rotated = OAuth2Authorization.from(first)
			.token(StorageFixtures.refreshToken(this.now, Duration.ofDays(30)))
			.attribute(RefreshReplay.ATTRIBUTE, rotating(first))
			.build();
		this.authorizations.save(rotated);

		this.authorizations.remove(rotated);

		assertThat(this.connection.keysMatching("*")).allMatch((key) -> key.contains(":client"));
	}

	@Test
	void findByTokenWhenIndexPointsAtAGrantThatNoLongerHasTheTokenThenNothing() {
		OAuth2Authorization first = issued();
		this.authorizations.save(first);
		String access = first.getAccessToken().getToken().getTokenValue();
		// a crash between the grant's save and the index clean-up leaves the old pointer
		// behind
		String pointer = this.connection.redis.opsForValue().get(tokenKey(access));
		this.authorizations.save(OAuth2Authorization.from(first)
			.token(StorageFixtures.accessToken(this.now, Duration.ofHours(1)))
			.build());
		this.connection.redis.opsForValue().set(tokenKey(access), pointer);

		assertThat(this.authorizations.findByToken(access, null)).isNull();
		assertThat(this.authorizations.findByToken(access, OAuth2TokenType.ACCESS_TOKEN)).isNull();
	}

	@Test
	void findByTokenWhenRefreshTokenLostAConcurrentSaveThenSeenAsReplacedWhenIssued() {
		OAuth2Authorization first = issued();
		this.authorizations.save(first);
		OAuth2RefreshToken loser = StorageFixtures.refreshToken(this.now.minusSeconds(60), Duration.ofDays(30));
		OAuth2RefreshToken winner = StorageFixtures.refreshToken(this.now, Duration.ofDays(30));
		OAuth2Authorization lost = OAuth2Authorization.from(first)
			.token(loser)
			.attribute(RefreshReplay.ATTRIBUTE, rotating(first))
			.build();
		this.authorizations.save(lost);
		OAuth2Authorization won = OAuth2Authorization.from(first)
			.token(winner)
			.attribute(RefreshReplay.ATTRIBUTE, rotating(lost))
			.build();
		this.authorizations.save(won);
		// the loser's pointer still says "current" (its rewrite as replaced never
		// happened)
		this.connection.redis.opsForValue()
			.set(tokenKey(loser.getTokenValue()), new TokenIndexEntry(TokenIndex.REFRESH_TOKEN, first.getId(),
					loser.getIssuedAt(), loser.getExpiresAt(), null)
				.format());
		// and the grant remembers another one as the last replaced
		this.authorizations.save(OAuth2Authorization.from(first)
			.token(StorageFixtures.refreshToken(this.now, Duration.ofDays(30)))
			.attribute(RefreshReplay.ATTRIBUTE, rotating(won))
			.build());

		OAuth2Authorization view = this.authorizations.findByToken(loser.getTokenValue(),
				OAuth2TokenType.REFRESH_TOKEN);

		assertThat(view.getRefreshToken().getToken().getTokenValue()).isEqualTo(loser.getTokenValue());
		assertThat(view.getRefreshToken().isInvalidated()).isTrue();
		assertThat(RotatedRefreshToken.rotatedAt(view))
			.isEqualTo(loser.getIssuedAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
	}

	@Test
	void clientWhenPointerLeftByAnotherClientThenNotFoundByIt() {
		RegisteredClient other = StorageFixtures.publicClient();
		this.clients.save(other);
		this.connection.redis.opsForValue().set(this.connection.keys().clientId("stale-client-id"), other.getId());

		assertThat(this.clients.findByClientId("stale-client-id")).isNull();
		assertThat(this.clients.findByClientId(other.getClientId())).isEqualTo(other);
	}

	@Test
	void saveWhenAttributeTypeNotAllowedThenRefusedAndNothingStored() {
		OAuth2Authorization withUnknownType = StorageFixtures.pending(this.client, this.person)
			.attribute("gateway.unknown", new NotAllowed("x"))
			.build();

		assertThatIllegalArgumentException().isThrownBy(() -> this.authorizations.save(withUnknownType))
			.withMessageContaining("GatewayJacksonModule");
		assertThat(this.authorizations.findById(withUnknownType.getId())).isNull();
	}

	record NotAllowed(String value) {
	}

	@Test
	void consentWhenSavedThenExpiresAfterTheConsentTtl() {
		this.consents.save(org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent
			.withId(this.client.getId(), this.person.getName())
			.scope("tasks:read")
			.build());

		assertThat(ttlSeconds(this.connection.keys().consent(this.client.getId(), this.person.getName())))
			.isCloseTo(Duration.ofDays(365).toSeconds(), within(5L));
	}

	@Test
	void reapWhenTheClientHadConsentsThenTheyGoWithItAndOtherClientsConsentsStay() {
		RedisKeys keys = this.connection.keys();
		RegisteredClient other = StorageFixtures.publicClient();
		this.clients.save(other);
		String someoneElse = "u-" + java.util.UUID.randomUUID();
		this.consents.save(consent(this.client.getId(), this.person.getName()));
		this.consents.save(consent(this.client.getId(), someoneElse));
		this.consents.save(consent(other.getId(), this.person.getName()));
		// Redis expires the idle client's keys; the sweep comes after its listed expiry
		this.connection.redis
			.delete(List.of(keys.client(this.client.getId()), keys.clientId(this.client.getClientId())));
		this.clock.advance(Duration.ofDays(31));
		RedisRegisteredClientRepository sweeping = new RedisRegisteredClientRepository(this.connection.redis, keys,
				new StorageJson(), Duration.ofDays(30), Duration.ZERO, Ticker.systemTicker(), this.clock);

		assertThat(sweeping.reap()).containsExactly(this.client.getClientId());

		assertThat(this.consents.findById(this.client.getId(), this.person.getName())).isNull();
		assertThat(this.consents.findById(this.client.getId(), someoneElse)).isNull();
		assertThat(this.connection.keysMatching("consent:" + this.client.getId() + "*")).isEmpty();
		assertThat(this.connection.keysMatching("client-consents:" + this.client.getClientId())).isEmpty();
		assertThat(this.consents.findById(other.getId(), this.person.getName())).isNotNull();
	}

	@Test
	void consentWhenItsClientIsGoneThenNotKept() {
		this.consents.save(consent("no-such-client", this.person.getName()));

		assertThat(this.consents.findById("no-such-client", this.person.getName())).isNull();
		assertThat(this.connection.keysMatching("consent:no-such-client*")).isEmpty();
	}

	@Test
	void consentWhenItsClientIsReapedWhileItsPageIsOpenThenNotKept() {
		RedisKeys keys = this.connection.keys();
		// the consent page looked the client up (now in the repository's cache) ...
		assertThat(this.clients.findById(this.client.getId())).isNotNull();
		// ... then Redis expired it, and the sweep ran before the consent was given
		this.connection.redis
			.delete(List.of(keys.client(this.client.getId()), keys.clientId(this.client.getClientId())));
		this.clock.advance(Duration.ofDays(31));
		new RedisRegisteredClientRepository(this.connection.redis, keys, new StorageJson(), Duration.ofDays(30),
				Duration.ZERO, Ticker.systemTicker(), this.clock)
			.reap();

		this.consents.save(consent(this.client.getId(), this.person.getName()));

		assertThat(this.consents.findById(this.client.getId(), this.person.getName())).isNull();
		assertThat(this.connection.keysMatching("consent:" + this.client.getId() + "*")).isEmpty();
	}

	@Test
	void consentWhenItsClientIsReapedWhileItsPageIsOpenThenItsEntryGoesToo() {
		RedisKeys keys = this.connection.keys();
		assertThat(this.clients.findById(this.client.getId())).isNotNull();
		this.connection.redis
			.delete(List.of(keys.client(this.client.getId()), keys.clientId(this.client.getClientId())));
		this.clock.advance(Duration.ofDays(31));
		new RedisRegisteredClientRepository(this.connection.redis, keys, new StorageJson(), Duration.ofDays(30),
				Duration.ZERO, Ticker.systemTicker(), this.clock)
			.reap();

		this.consents.save(consent(this.client.getId(), this.person.getName()));

		// no sweep comes for this client id again: an entry left would live as long as a
		// consent (auth.consent-ttl)
		assertThat(this.connection.keysMatching("client-consents:" + this.client.getClientId())).isEmpty();
	}

	private static org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent consent(
			String registeredClientId, String principalName) {
		return org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent
			.withId(registeredClientId, principalName)
			.scope("tasks:read")
			.build();
	}

	@Test
	void findByTokenWhenStateThenFoundAndGoneOnceTheCodeReplacesIt() {
		OAuth2Authorization pending = StorageFixtures.pending(this.client, this.person).build();
		this.authorizations.save(pending);
		String state = pending.getAttribute(OAuth2ParameterNames.STATE);

		this.authorizations.save(OAuth2Authorization.from(pending)
			.attributes((attributes) -> attributes.remove(OAuth2ParameterNames.STATE))
			.token(StorageFixtures.code(this.now))
			.build());

		assertThat(this.authorizations.findByToken(state, STATE)).isNull();
		assertThat(this.connection.redis.hasKey(this.connection.keys().token(TokenHashes.hash(state)))).isFalse();
	}

	@Test
	void findByTokenWhenAccessTokenThenItsIndexEntryNamesTypeAndGrant() {
		OAuth2Authorization saved = issued();
		this.authorizations.save(saved);
		OAuth2AccessToken access = saved.getAccessToken().getToken();

		assertThat(this.connection.redis.opsForValue().get(tokenKey(access.getTokenValue())))
			.isEqualTo("access_token|" + saved.getId() + "|-|-|-");
	}

	private String tokenKey(String tokenValue) {
		return this.connection.keys().token(TokenHashes.hash(tokenValue));
	}

	@Test
	void saveScriptWhenTheGrantNoLongerHoldsTheRotatedTokenThenWritesNothing() {
		// the script's own check, for a change between the save's first read and its
		// script, which no test can time
		OAuth2Authorization first = issued();
		this.authorizations.save(first);
		RedisKeys keys = this.connection.keys();
		String id = first.getId();
		Map<Object, Object> grantBefore = this.connection.redis.opsForHash().entries(keys.grant(id));
		Map<String, String> before = this.connection.dump();

		List<?> result = this.connection.redis.execute(GrantScripts.SAVE,
				List.of(keys.grant(id), keys.grantIndexes(id), keys.grantReplay(id), keys.grantRotated(id)), "{}",
				"refresh_token:aa", "aa|1|2", this.person.getName(), "1", "60000", "60000", "bb|60000|sealed", "60000",
				"5", "not-the-current-refresh-token");

		assertThat(result).isEqualTo(List.of(GrantScripts.CHANGED));
		// a hash's fields may be listed in another order after a read
		assertThat(this.connection.redis.opsForHash().entries(keys.grant(id))).isEqualTo(grantBefore);
		before.remove(keys.grant(id));
		assertThat(this.connection.dump()).containsAllEntriesOf(before).hasSize(before.size() + 1);
	}

	@Test
	void saveScriptWhenTheGrantNoLongerHoldsTheRedeemedCodeUnredeemedThenWritesNothing() {
		// the script's own check, for a change between the save's first read and its
		// script: another redemption came first, or the grant went
		OAuth2Authorization issued = codeIssued();
		this.authorizations.save(issued);
		OAuth2Authorization redeemed = redemptionOf(issued);
		this.authorizations.save(redeemed);
		RedisKeys keys = this.connection.keys();
		String id = issued.getId();
		String codeHash = CodeRedemptionMark.codeHashOf(redeemed);
		Map<Object, Object> grantBefore = this.connection.redis.opsForHash().entries(keys.grant(id));
		Map<String, String> before = this.connection.dump();

		assertThat(saveScript(id, codeHash)).isEqualTo(List.of(GrantScripts.CHANGED));
		assertThat(this.connection.redis.opsForHash().entries(keys.grant(id))).isEqualTo(grantBefore);
		assertThat(this.connection.dump()).isEqualTo(before);

		this.authorizations.remove(this.authorizations.findById(id));
		assertThat(saveScript(id, codeHash)).isEqualTo(List.of(GrantScripts.CHANGED));
		assertThat(this.connection.redis.hasKey(keys.grant(id))).isFalse();
	}

	@Test
	void saveScriptWhenOnlyAStoredGrantIsChangedAndItIsGoneThenWritesNothing() {
		// the script's own check, for a removal between the save's first read and its
		// script
		OAuth2Authorization stored = issued();
		this.authorizations.save(stored);
		String id = stored.getId();
		RedisKeys keys = this.connection.keys();
		this.authorizations.remove(stored);
		Map<String, String> before = this.connection.dump();

		List<?> result = this.connection.redis.execute(GrantScripts.SAVE,
				List.of(keys.grant(id), keys.grantIndexes(id), keys.grantReplay(id), keys.grantRotated(id)), "{}",
				"access_token:aa", "", this.person.getName(), "1", "60000", "60000", "", "", "5", "", "", "1");

		assertThat(result).isEqualTo(List.of(GrantScripts.CHANGED));
		assertThat(this.connection.dump()).isEqualTo(before);
	}

	private List<?> saveScript(String id, String redeemedCodeHash) {
		RedisKeys keys = this.connection.keys();
		return this.connection.redis.execute(GrantScripts.SAVE,
				List.of(keys.grant(id), keys.grantIndexes(id), keys.grantReplay(id), keys.grantRotated(id)), "{}",
				"code:cc access_token:aa", "", this.person.getName(), "1", "60000", "60000", "", "", "5", "",
				redeemedCodeHash);
	}

}
