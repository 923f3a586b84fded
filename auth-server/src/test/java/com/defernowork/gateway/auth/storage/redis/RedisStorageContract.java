package com.defernowork.gateway.auth.storage.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.storage.AbstractAuthorizationServiceTests;
import com.defernowork.gateway.auth.storage.AuthorizationLifetime;
import com.defernowork.gateway.auth.storage.StorageFixtures;

import com.defernowork.gateway.auth.storage.RotatedRefreshToken;

import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class RedisOAuth2AuthorizationServiceIT extends AbstractAuthorizationServiceTests {

	private RedisTestConnection connection;

	@Override
	protected Store createStore() {
		this.connection = new RedisTestConnection("auth-storage");
		StorageJson json = new StorageJson();
		RedisKeys keys = this.connection.keys();
		RedisRegisteredClientRepository clients = new RedisRegisteredClientRepository(this.connection.redis, keys,
				json, Duration.ofDays(30));
		return new Store(clients,
				new RedisOAuth2AuthorizationService(this.connection.redis, clients, keys, json,
						new AuthorizationLifetime(Duration.ofMinutes(10)), Clock.systemUTC()),
				new RedisOAuth2AuthorizationConsentService(this.connection.redis, keys, Duration.ofDays(365)));
	}

	@AfterEach
	void cleanUp() {
		this.connection.close();
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
		assertThat(ttlSeconds(keys.authorization(saved.getId()))).isCloseTo(refreshLeft, within(5L));
		assertThat(ttlSeconds(keys.authorizationIndexes(saved.getId()))).isCloseTo(refreshLeft, within(5L));
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

		assertThat(ttlSeconds(this.connection.keys().authorization(saved.getId()))).isCloseTo(3600L, within(5L));
	}

	@Test
	void saveWhenPendingThenExpiresAfterThePendingTtl() {
		OAuth2Authorization pending = StorageFixtures.pending(this.client, this.person).build();
		this.authorizations.save(pending);

		assertThat(ttlSeconds(this.connection.keys().authorization(pending.getId()))).isCloseTo(600L, within(5L));
	}

	@Test
	void saveWhenRefreshRotatedThenOldAccessIndexDeletedAndOldRefreshIndexKept() {
		OAuth2Authorization first = issued();
		this.authorizations.save(first);
		this.authorizations.save(OAuth2Authorization.from(first)
			.token(StorageFixtures.accessToken(this.now, Duration.ofHours(1)))
			.token(StorageFixtures.refreshToken(this.now, Duration.ofDays(30)))
			.build());

		assertThat(this.connection.keysMatching("token:access_token:*")).hasSize(1);
		assertThat(this.connection.keysMatching("token:refresh_token:*")).hasSize(2);
		assertThat(this.connection.redis.opsForSet()
			.size(this.connection.keys().authorizationIndexes(first.getId()))).isEqualTo(6);
	}

	@Test
	void removeWhenRotatedThenNoKeyOfTheAuthorizationRemains() {
		OAuth2Authorization first = issued();
		this.authorizations.save(first);
		OAuth2Authorization rotated = OAuth2Authorization.from(first)
			.token(StorageFixtures.refreshToken(this.now, Duration.ofDays(30)))
			.build();
		this.authorizations.save(rotated);

		this.authorizations.remove(rotated);

		assertThat(this.connection.keysMatching("*")).allMatch((key) -> key.contains(":client"));
	}

	@Test
	void findByTokenWhenRefreshTokenLostAConcurrentSaveThenSeenAsRotated() {
		OAuth2Authorization first = issued();
		this.authorizations.save(first);
		OAuth2RefreshToken winnerRefresh = StorageFixtures.refreshToken(this.now, Duration.ofDays(30));
		OAuth2RefreshToken loserRefresh = StorageFixtures.refreshToken(this.now, Duration.ofDays(30));
		this.authorizations.save(OAuth2Authorization.from(first).token(loserRefresh).build());
		// the other refresh read the state before this save and wrote its document last
		String winner = new AuthorizationJson(new StorageJson())
			.write(OAuth2Authorization.from(first).token(winnerRefresh).build());
		this.connection.redis.opsForValue().set(this.connection.keys().authorization(first.getId()), winner);

		OAuth2Authorization view = this.authorizations.findByToken(loserRefresh.getTokenValue(),
				OAuth2TokenType.REFRESH_TOKEN);

		assertThat(view.getRefreshToken().getToken().getTokenValue()).isEqualTo(loserRefresh.getTokenValue());
		assertThat(view.getRefreshToken().isInvalidated()).isTrue();
		assertThat(RotatedRefreshToken.rotatedAt(view)).isEqualTo(loserRefresh.getIssuedAt().truncatedTo(
				java.time.temporal.ChronoUnit.MILLIS));
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

}
