package com.defernowork.gateway.auth.storage.redis;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.storage.StorageFixtures;
import com.defernowork.gateway.auth.storage.UserAuthorizations;
import com.defernowork.gateway.testsupport.TestRedis;
import com.defernowork.gateway.testsupport.redis.RedisSentinelLauncher;

import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store behind a Redis Sentinel of its own (primary, replica, sentinel), through a
 * failover.
 */
class RedisSentinelStorageIT extends RedisStorageContract {

	private static RedisSentinelLauncher sentinel;

	@BeforeAll
	static void startSentinel() {
		sentinel = RedisSentinelLauncher.start();
	}

	@AfterAll
	static void stopSentinel() {
		sentinel.close();
	}

	@Override
	protected RedisTestConnection connect() {
		return new RedisTestConnection(
				new RedisSentinelConfiguration(RedisSentinelLauncher.MASTER, Set.of(sentinel.sentinelNodesProperty())),
				TestRedis.uniquePrefix("auth-sentinel"));
	}

	@Test
	void failoverWhenGrantsAndClientsStoredThenKeptAndTheStoreGoesOn() {
		OAuth2Authorization grant = issued();
		this.authorizations.save(grant);
		int before = sentinel.primary().port();

		sentinel.failover();

		assertThat(sentinel.primary().port()).isNotEqualTo(before);
		RedisRegisteredClientRepository uncached = new RedisRegisteredClientRepository(this.connection.redis,
				this.connection.keys(), new StorageJson(), Duration.ofDays(30));
		assertThat(uncached.findByClientId(this.client.getClientId())).isEqualTo(this.client);
		String access = grant.getAccessToken().getToken().getTokenValue();
		assertThat(this.authorizations.findByToken(access, OAuth2TokenType.ACCESS_TOKEN)
			.<OAuth2AccessToken>getToken(access)).isNotNull();
		// and it takes writes on the new primary
		RegisteredClient registeredAfter = StorageFixtures.publicClient();
		this.clients.save(registeredAfter);
		this.authorizations.save(OAuth2Authorization.from(grant)
			.token(StorageFixtures.accessToken(this.now, Duration.ofHours(1)))
			.build());
		assertThat(uncached.findByClientId(registeredAfter.getClientId())).isEqualTo(registeredAfter);
		assertThat(((UserAuthorizations) this.authorizations).findByPrincipalName(this.person.getName()))
			.extracting(OAuth2Authorization::getId)
			.containsExactly(grant.getId());
	}

}
