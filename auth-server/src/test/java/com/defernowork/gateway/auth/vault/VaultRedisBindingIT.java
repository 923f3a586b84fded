package com.defernowork.gateway.auth.vault;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.AuthServerApplication;
import com.defernowork.gateway.auth.support.RedisValues;
import com.defernowork.gateway.auth.support.RunningAuthServer;
import com.defernowork.gateway.auth.storage.UserAuthorizations;
import com.defernowork.gateway.auth.user.DefernoAuthenticationToken;
import com.defernowork.gateway.auth.user.DefernoUser;
import com.defernowork.gateway.testsupport.TestRedis;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The vault on the Redis store, bound to the Redis authorization service of the running
 * application.
 */
class VaultRedisBindingIT {

	private final String prefix = TestRedis.uniquePrefix("vault-binding");

	@Test
	void grantWhenSavedAndRemovedThenEncryptedCopyFollowsIt() {
		// REDIS_URL must be visible while the environment is prepared (it selects the
		// store), hence arguments
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AuthServerApplication.class).run(
				"--REDIS_URL=" + TestRedis.url(), "--auth.redis.key-prefix=" + this.prefix, "--server.port=0",
				"--auth.rs-client.secret=vault-binding-rs-secret", "--auth.vault.key=" + RunningAuthServer.VAULT_KEY)) {
			StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
			try {
				grantLifecycle(context, redis);
			}
			finally {
				Set<String> mine = redis.keys(this.prefix + "*");
				if (!mine.isEmpty()) {
					redis.delete(mine);
				}
			}
		}
	}

	private void grantLifecycle(ConfigurableApplicationContext context, StringRedisTemplate redis) {
		OAuth2AuthorizationService authorizations = context.getBean(OAuth2AuthorizationService.class);
		UserAuthorizations userAuthorizations = context.getBean(UserAuthorizations.class);
		RegisteredClientRepository clients = context.getBean(RegisteredClientRepository.class);
		TokenVault vault = context.getBean(TokenVault.class);
		String defernoToken = "dfr_pat_" + UUID.randomUUID();
		RegisteredClient client = RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId("inspector-" + UUID.randomUUID())
			.clientName("MCP Inspector")
			.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri("http://127.0.0.1:6274/oauth/callback")
			.build();
		clients.save(client);
		String handle = vault.storeSignIn(new DefernoCredential(defernoToken, null), TestVaults.SIGN_IN_IDLE);
		DefernoUser alice = new DefernoUser("alice-" + UUID.randomUUID(), "alice", "Alice");
		Instant now = Instant.now();
		OAuth2Authorization authorization = OAuth2Authorization.withRegisteredClient(client)
			.id(UUID.randomUUID().toString())
			.principalName(alice.id())
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.authorizedScopes(Set.of("tasks:read"))
			.attribute(Principal.class.getName(), new DefernoAuthenticationToken(alice, handle))
			.accessToken(new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "mcp-" + UUID.randomUUID(), now,
					now.plus(Duration.ofHours(1)), Set.of("tasks:read")))
			.refreshToken(new OAuth2RefreshToken("rt-" + UUID.randomUUID(), now, now.plus(Duration.ofDays(30))))
			.build();

		authorizations.save(authorization);

		assertThat(vault.forGrant(authorization.getId())).map(DefernoCredential::token).contains(defernoToken);
		assertThat(userAuthorizations.findByPrincipalName(alice.id())).hasSize(1);
		String grantKey = this.prefix + "vault:grant:" + authorization.getId();
		assertThat(redis.getExpire(grantKey)).isGreaterThan(Duration.ofDays(29).toSeconds());
		Set<String> keys = redis.keys(this.prefix + "*");
		assertThat(keys).contains(grantKey);
		for (String key : keys) {
			assertThat(RedisValues.decoded(redis, key)).as(key).doesNotContain(defernoToken);
		}
		// the search finds a token where one is, in a hash like the grant's
		String control = this.prefix + "control";
		redis.opsForHash().put(control, "doc", "{\"a\":\"" + "x".repeat(500) + defernoToken + "\"}");
		assertThat(RedisValues.decoded(redis, control)).contains(defernoToken);
		redis.delete(control);

		authorizations.remove(authorization);

		assertThat(redis.hasKey(grantKey)).isFalse();
		assertThat(vault.forGrant(authorization.getId())).isEmpty();
	}

}
