package com.defernowork.gateway.auth.storage.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.storage.AuthorizationLifetime;
import com.defernowork.gateway.auth.storage.RotatedRefreshToken;
import com.defernowork.gateway.auth.storage.StorageFixtures;
import com.defernowork.gateway.auth.storage.TokenHashes;
import com.defernowork.gateway.auth.storage.UserAuthorizations;
import com.defernowork.gateway.auth.user.DefernoAuthenticationToken;

import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Grants written by the earlier layout (token values in the document, per-type index
 * keys) survive an upgrade.
 */
class LegacyGrantMigrationIT {

	private final RedisTestConnection connection = new RedisTestConnection("auth-migration");

	private final RedisKeys keys = this.connection.keys();

	private final StorageJson json = new StorageJson();

	private final RedisRegisteredClientRepository clients = new RedisRegisteredClientRepository(this.connection.redis,
			this.keys, this.json, Duration.ofDays(30));

	private final RedisOAuth2AuthorizationService authorizations = new RedisOAuth2AuthorizationService(
			this.connection.redis, this.clients, this.keys, this.json,
			new IntrospectionRecords(this.connection.redis, this.keys, this.clients),
			new AuthorizationLifetime(Duration.ofMinutes(10)), Clock.systemUTC());

	@AfterEach
	void cleanUp() {
		this.connection.close();
	}

	private LegacyGrantMigration migration() {
		return new LegacyGrantMigration(this.connection.redis, this.keys, this.json, this.clients, this.authorizations,
				Clock.systemUTC());
	}

	@Test
	void runWhenGrantOfTheEarlierLayoutThenFoundByEveryTokenAndNoValueLeftInRedis() {
		RegisteredClient client = StorageFixtures.publicClient();
		this.clients.save(client);
		DefernoAuthenticationToken person = StorageFixtures.person("u-legacy");
		Instant now = Instant.now();
		OAuth2RefreshToken replaced = StorageFixtures.refreshToken(now.minusSeconds(3600), Duration.ofDays(30));
		OAuth2Authorization grant = StorageFixtures.pending(client, person)
			.token(StorageFixtures.code(now),
					(metadata) -> metadata.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, true))
			.token(StorageFixtures.accessToken(now, Duration.ofHours(1)))
			.token(StorageFixtures.refreshToken(now, Duration.ofDays(30)))
			.build();
		String access = grant.getAccessToken().getToken().getTokenValue();
		String refresh = grant.getRefreshToken().getToken().getTokenValue();
		String code = grant.getToken(OAuth2AuthorizationCode.class).getToken().getTokenValue();
		writeLegacy(grant, replaced, now.minusSeconds(60));

		assertThat(migration().run()).isEqualTo(1);

		assertThat(this.authorizations.findByToken(access, OAuth2TokenType.ACCESS_TOKEN)
			.<OAuth2AccessToken>getToken(access)).isNotNull();
		assertThat(this.authorizations.findByToken(refresh, OAuth2TokenType.REFRESH_TOKEN).getId())
			.isEqualTo(grant.getId());
		OAuth2Authorization view = this.authorizations.findByToken(replaced.getTokenValue(), null);
		assertThat(RotatedRefreshToken.rotatedAt(view)).isNotNull();
		assertThat(((UserAuthorizations) this.authorizations).findByPrincipalName(person.getName())).hasSize(1);
		Map<String, String> dump = this.connection.dump();
		assertThat(dump.keySet())
			.noneMatch((key) -> key.contains(":authorization:") || key.contains(":authorization-indexes:"))
			.noneMatch((key) -> key.contains(":token:access_token:") || key.contains(":token:refresh_token:"));
		for (String value : new String[] { access, refresh, code, replaced.getTokenValue() }) {
			assertThat(dump.values()).noneMatch((stored) -> stored.contains(value));
		}
		assertThat(migration().run()).isZero();
	}

	@Test
	void runWhenTheGrantsClientIsGoneThenItsKeysAreDropped() {
		RegisteredClient gone = StorageFixtures.publicClient();
		OAuth2Authorization grant = StorageFixtures.pending(gone, StorageFixtures.person("u-gone"))
			.token(StorageFixtures.accessToken(Instant.now(), Duration.ofHours(1)))
			.build();
		writeLegacy(grant, null, null);

		assertThat(migration().run()).isZero();

		assertThat(this.connection.keysMatching("*"))
			.containsExactly(this.keys.prefix() + "migration:legacy-grants:done");
	}

	/**
	 * The earlier layout: the document with token values, an index key per type and
	 * value, the set of them.
	 */
	private void writeLegacy(OAuth2Authorization grant, OAuth2RefreshToken replaced, Instant replacedAt) {
		Map<String, Object> document = this.json.readMap(new AuthorizationJson(this.json).write(grant));
		@SuppressWarnings("unchecked")
		Map<String, Map<String, Object>> tokens = (Map<String, Map<String, Object>>) document.get("tokens");
		tokens.forEach((name, token) -> {
			token.remove("hash");
			Class<? extends org.springframework.security.oauth2.core.OAuth2Token> type = switch (name) {
				case "code" -> OAuth2AuthorizationCode.class;
				case "access_token" -> OAuth2AccessToken.class;
				default -> OAuth2RefreshToken.class;
			};
			String value = grant.getToken(type).getToken().getTokenValue();
			token.put("value", value);
			String legacyKey = this.keys.prefix() + "token:" + name + ":" + TokenHashes.hash(value);
			this.connection.redis.opsForValue().set(legacyKey, grant.getId(), Duration.ofDays(30));
			this.connection.redis.opsForSet().add(this.keys.legacyAuthorizationIndexes(grant.getId()), legacyKey);
		});
		if (replaced != null) {
			String legacyKey = this.keys.prefix() + "token:refresh_token:" + TokenHashes.hash(replaced.getTokenValue());
			this.connection.redis.opsForValue()
				.set(legacyKey,
						String.join("|", grant.getId(), Long.toString(replaced.getIssuedAt().toEpochMilli()),
								Long.toString(replaced.getExpiresAt().toEpochMilli()),
								Long.toString(replacedAt.toEpochMilli())),
						Duration.ofDays(30));
			this.connection.redis.opsForSet().add(this.keys.legacyAuthorizationIndexes(grant.getId()), legacyKey);
		}
		this.connection.redis.opsForValue()
			.set(this.keys.legacyAuthorization(grant.getId()), this.json.writeMap(document), Duration.ofDays(30));
		this.connection.redis.opsForZSet()
			.add(this.keys.principal(grant.getPrincipalName()), grant.getId(),
					Instant.now().plus(Duration.ofDays(30)).toEpochMilli());
	}

}
