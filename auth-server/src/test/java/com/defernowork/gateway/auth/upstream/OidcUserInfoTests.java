package com.defernowork.gateway.auth.upstream;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;

import io.micrometer.observation.ObservationRegistry;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The person as the OpenID provider's user info endpoint names them. */
class OidcUserInfoTests {

	private final WireMockServer idp = new WireMockServer(wireMockConfig().dynamicPort());

	@AfterEach
	void stop() {
		this.idp.stop();
	}

	@Test
	void loadUserWhenUserInfoNamesNoOneThenTheSignInFailsAsTheProvidersAnswerNotAsAServerError() {
		this.idp.start();
		this.idp.stubFor(get("/userinfo").willReturn(okJson("{}")));
		// no preferred_username in the ID token: the user info endpoint is asked
		OidcIdToken idToken = new OidcIdToken("id-token", Instant.now(), Instant.now().plusSeconds(60),
				Map.of("sub", "s-1", "iss", "https://idp.example.test"));
		OidcUserRequest request = new OidcUserRequest(registration(),
				new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "access", Instant.now(),
						Instant.now().plusSeconds(60), Set.of("openid", "profile")),
				idToken);

		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(
					() -> new OidcConnectorConfig()
						.oidcUserService(new SimpleClientHttpRequestFactory(),
								new DefaultListableBeanFactory().getBeanProvider(ObservationRegistry.class))
						.loadUser(request))
			.satisfies((refused) -> assertThat(refused.getError().getErrorCode())
				.isEqualTo(OidcConnectorConfig.INVALID_USER_INFO));
	}

	private ClientRegistration registration() {
		return ClientRegistration.withRegistrationId("oidc")
			.clientId("gateway")
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri("http://localhost:9000/login/callback")
			.authorizationUri(this.idp.baseUrl() + "/authorize")
			.tokenUri(this.idp.baseUrl() + "/token")
			.userInfoUri(this.idp.baseUrl() + "/userinfo")
			.userNameAttributeName("sub")
			.jwkSetUri(this.idp.baseUrl() + "/jwks")
			.scope("openid", "profile")
			.build();
	}

}
