package com.defernowork.gateway.auth.token;

import java.util.Map;
import java.util.Set;

import com.defernowork.gateway.auth.support.TestClients;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class GrantErrorsTests {

	@Test
	void authenticateWhenTheFrameworkRefusesAnExpiredRefreshTokenThenSaidAsEveryUnusableRefreshTokenIs() {
		// what the framework's refresh provider throws for an expired refresh token
		AuthenticationProvider refusing = new AuthenticationProvider() {

			@Override
			public Authentication authenticate(Authentication authentication) {
				throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_GRANT);
			}

			@Override
			public boolean supports(Class<?> authentication) {
				return true;
			}

		};
		OAuth2RefreshTokenAuthenticationToken refresh = new OAuth2RefreshTokenAuthenticationToken("rt-expired",
				TestClients.authenticated(TestClients.confidential("c1", "claude-code")), Set.of(), Map.of());

		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> new GrantErrors(refusing).authenticate(refresh))
			.satisfies((refused) -> assertThat(refused.getError().getDescription())
				.isEqualTo("The refresh token is invalid, expired or revoked"));
	}

}
