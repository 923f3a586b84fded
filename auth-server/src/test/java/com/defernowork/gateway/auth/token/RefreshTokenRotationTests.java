package com.defernowork.gateway.auth.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.defernowork.gateway.auth.storage.AuthorizationLifetime;
import com.defernowork.gateway.auth.storage.GrantBusyException;
import com.defernowork.gateway.auth.storage.GrantLocks;
import com.defernowork.gateway.auth.storage.StorageFixtures;
import com.defernowork.gateway.auth.storage.memory.MemoryOAuth2AuthorizationService;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RefreshTokenRotationTests {

	@Test
	void authenticateWhenGrantLockBusyThenTemporarilyUnavailableNotAServerError() {
		RegisteredClient client = StorageFixtures.publicClient();
		Instant now = Instant.now();
		OAuth2RefreshToken refreshToken = StorageFixtures.refreshToken(now, Duration.ofDays(1));
		OAuth2Authorization authorization = StorageFixtures.pending(client, StorageFixtures.person("u1"))
			.accessToken(StorageFixtures.accessToken(now, Duration.ofHours(1)))
			.refreshToken(refreshToken)
			.build();
		MemoryOAuth2AuthorizationService authorizations = new MemoryOAuth2AuthorizationService(
				new AuthorizationLifetime(Duration.ofMinutes(10)), Clock.systemUTC());
		authorizations.save(authorization);
		GrantLocks busy = new GrantLocks() {
			@Override
			public <T> T withLock(String authorizationId, java.util.function.Supplier<T> work) {
				throw new GrantBusyException("grant is busy");
			}
		};
		RefreshTokenRotation rotation = new RefreshTokenRotation(authorizations, (context) -> null, busy,
				Duration.ofSeconds(5), Clock.systemUTC());
		OAuth2ClientAuthenticationToken principal = new OAuth2ClientAuthenticationToken(client,
				ClientAuthenticationMethod.NONE, null);

		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> rotation.authenticate(new OAuth2RefreshTokenAuthenticationToken(
					refreshToken.getTokenValue(), principal, null, null)))
			.satisfies((ex) -> org.assertj.core.api.Assertions.assertThat(ex.getError().getErrorCode())
				.isEqualTo("temporarily_unavailable"));
	}

}
