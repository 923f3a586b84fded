package com.defernowork.gateway.auth.storage.redis;

import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.storage.StorageFixtures;
import com.defernowork.gateway.auth.support.RunningAuthServer;
import com.defernowork.gateway.auth.vault.TestVaults;
import com.defernowork.gateway.auth.vault.DefernoCredential;
import com.defernowork.gateway.auth.vault.TokenVault;
import com.defernowork.gateway.web.settings.InvalidSettingException;
import com.defernowork.gateway.auth.storage.UserAuthorizations;
import com.defernowork.gateway.auth.user.DefernoAuthenticationToken;
import com.defernowork.gateway.auth.vault.VaultBoundAuthorizationService;
import com.defernowork.gateway.testsupport.TestRedis;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A restart is a fresh application context on the same Redis and key prefix: it finds
 * everything again.
 */
class RedisStorageRestartIT {

	private final String prefix = TestRedis.uniquePrefix("auth-restart");

	@AfterEach
	void cleanUp() {
		RedisTestConnection.forPrefix(this.prefix).close();
	}

	private void withContext(Consumer<ConfigurableApplicationContext> body, String... vaultSettings) {
		String[] settings = (vaultSettings.length > 0) ? vaultSettings
				: new String[] { "--auth.vault.key=" + RunningAuthServer.VAULT_KEY };
		SpringApplicationBuilder application = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE);
		// REDIS_URL alone selects Redis storage, through application.yml's
		// spring.data.redis.url
		String[] args = Stream.concat(Stream.of("--REDIS_URL=" + TestRedis.url(),
				"--auth.redis.key-prefix=" + this.prefix, "--spring.main.banner-mode=off"), Arrays.stream(settings))
			.toArray(String[]::new);
		try (ConfigurableApplicationContext context = application.run(args)) {
			body.accept(context);
		}
	}

	@Test
	void restartWhenVaultKeyChangedThenStartRefusedAndTokensStayReadableWithTheirKey() {
		String keyA = "--auth.vault.key=" + RunningAuthServer.VAULT_KEY;
		String keyB = "--auth.vault.key=" + Base64.getEncoder().encodeToString(new byte[32]);
		String[] handle = new String[1];
		withContext((context) -> handle[0] = context.getBean(TokenVault.class)
			.storeSignIn(new DefernoCredential("dfr-restart-token", null), TestVaults.SIGN_IN_IDLE), keyA);

		assertThatThrownBy(() -> withContext((context) -> {
		}, keyB)).hasRootCauseInstanceOf(InvalidSettingException.class)
			.rootCause()
			.hasMessageContaining("must be the key that sealed the Deferno tokens already stored (key id 'k1')");

		withContext((context) -> assertThat(context.getBean(TokenVault.class).forSignIn(handle[0]))
			.map(DefernoCredential::token)
			.contains("dfr-restart-token"), keyA);
		// a rotation: the new key current, the old one still opening
		withContext((context) -> assertThat(context.getBean(TokenVault.class).forSignIn(handle[0])).isPresent(), keyB,
				"--auth.vault.key-id=k2", "--auth.vault.old-keys=k1:" + RunningAuthServer.VAULT_KEY);
	}

	@Test
	void startWhenRedisStorageWithoutVaultKeyThenRefused() {
		assertThatThrownBy(() -> withContext((context) -> {
		}, "--auth.vault.key=")).hasRootCauseInstanceOf(InvalidSettingException.class)
			.rootCause()
			.hasMessageStartingWith("VAULT_KEY (auth.vault.key) must be the base64 of 32 random bytes with Redis");
	}

	@Test
	void restartWhenSameRedisPrefixThenClientAuthorizationConsentAndKeySurvive() throws Exception {
		RegisteredClient client = StorageFixtures.publicClient();
		DefernoAuthenticationToken person = StorageFixtures.person("u-restart");
		Instant now = Instant.now();
		OAuth2Authorization authorization = StorageFixtures.pending(client, person)
			.authorizedScopes(java.util.Set.of("tasks:read"))
			.token(StorageFixtures.code(now))
			.token(StorageFixtures.accessToken(now, Duration.ofHours(1)))
			.token(StorageFixtures.refreshToken(now, Duration.ofDays(30)))
			.build();
		String[] keyId = new String[1];

		withContext((context) -> {
			assertThat(context.getBean(OAuth2AuthorizationService.class))
				.isInstanceOf(VaultBoundAuthorizationService.class);
			assertThat(context.getBeanDefinitionNames()).anyMatch((name) -> name.toLowerCase().contains("redishealth"));
			context.getBean(RegisteredClientRepository.class).save(client);
			context.getBean(OAuth2AuthorizationService.class).save(authorization);
			context.getBean(OAuth2AuthorizationConsentService.class)
				.save(OAuth2AuthorizationConsent.withId(client.getId(), person.getName()).scope("tasks:read").build());
			keyId[0] = signingKeyId(context);
		});

		withContext((context) -> {
			assertThat(context.getBean(RegisteredClientRepository.class).findByClientId(client.getClientId()))
				.isEqualTo(client);
			OAuth2AuthorizationService authorizations = context.getBean(OAuth2AuthorizationService.class);
			Map<String, OAuth2TokenType> values = Map.of(authorization.getAttribute(OAuth2ParameterNames.STATE),
					new OAuth2TokenType(OAuth2ParameterNames.STATE),
					authorization.getToken(OAuth2AuthorizationCode.class).getToken().getTokenValue(),
					new OAuth2TokenType(OAuth2ParameterNames.CODE),
					authorization.getToken(OAuth2AccessToken.class).getToken().getTokenValue(),
					OAuth2TokenType.ACCESS_TOKEN,
					authorization.getToken(OAuth2RefreshToken.class).getToken().getTokenValue(),
					OAuth2TokenType.REFRESH_TOKEN);
			for (Map.Entry<String, OAuth2TokenType> value : values.entrySet()) {
				OAuth2Authorization found = authorizations.findByToken(value.getKey(), value.getValue());
				assertThat(found).as(value.getValue().getValue()).isNotNull();
				assertThat(found.getId()).isEqualTo(authorization.getId());
				assertThat(found.<DefernoAuthenticationToken>getAttribute(java.security.Principal.class.getName()))
					.isEqualTo(person);
			}
			assertThat(context.getBean(UserAuthorizations.class).findByPrincipalName(person.getName())).hasSize(1);
			assertThat(context.getBean(OAuth2AuthorizationConsentService.class)
				.findById(client.getId(), person.getName())
				.getScopes()).containsExactly("tasks:read");
			assertThat(signingKeyId(context)).isEqualTo(keyId[0]);
		});
	}

	@SuppressWarnings("unchecked")
	private static String signingKeyId(ConfigurableApplicationContext context) {
		JWKSource<SecurityContext> source = context.getBean(JWKSource.class);
		try {
			var keys = source.get(new JWKSelector(new JWKMatcher.Builder().privateOnly(true).build()), null);
			assertThat(keys).hasSize(1);
			return keys.get(0).getKeyID();
		}
		catch (com.nimbusds.jose.KeySourceException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(RedisStorageConfig.class)
	static class App {

	}

}
