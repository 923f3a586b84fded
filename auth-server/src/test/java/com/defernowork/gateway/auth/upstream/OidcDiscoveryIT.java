package com.defernowork.gateway.auth.upstream;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.web.client.RestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Discovery of the OpenID provider over HTTP, against a provider WireMock plays. */
class OidcDiscoveryIT {

	private static final String CALLBACK = "http://127.0.0.1:9000/login/callback";

	private final WireMockServer provider = new WireMockServer(WireMockConfiguration.options().dynamicPort());

	@BeforeEach
	void start() {
		this.provider.start();
	}

	@AfterEach
	void stop() {
		this.provider.stop();
	}

	@Test
	void discoverWhenConfigurationNamesTheConfiguredIssuerThenRegistrationUsesItsEndpoints() {
		String issuer = this.provider.baseUrl() + "/realm";
		serve("/realm", issuer);

		for (String configured : new String[] { issuer, issuer + "/" }) {
			ClientRegistration registration = OidcConnectorConfig.discover(RestClient.create(), properties(configured),
					CALLBACK);

			assertThat(registration.getProviderDetails().getIssuerUri()).as(configured).isEqualTo(issuer);
			assertThat(registration.getProviderDetails().getAuthorizationUri()).isEqualTo(issuer + "/authorize");
			assertThat(registration.getRedirectUri()).isEqualTo(CALLBACK);
		}
	}

	@Test
	void discoverWhenConfigurationNamesAnotherIssuerThenSignInIsUnavailableSayingWhichTwo() {
		serve("/realm", "https://other.example/realm");
		String configured = this.provider.baseUrl() + "/realm";

		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> OidcConnectorConfig.discover(RestClient.create(), properties(configured), CALLBACK))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("temporarily_unavailable"))
			.havingCause()
			.withMessageContaining("names the issuer https://other.example/realm, not OIDC_ISSUER " + configured);
	}

	private void serve(String path, String issuer) {
		this.provider.stubFor(get(path + "/.well-known/openid-configuration").willReturn(okJson("""
				{"issuer": "%1$s", "authorization_endpoint": "%1$s/authorize", "token_endpoint": "%1$s/token",
				 "jwks_uri": "%1$s/jwks", "response_types_supported": ["code"], "subject_types_supported": ["public"],
				 "id_token_signing_alg_values_supported": ["RS256"]}""".formatted(issuer))));
	}

	private static UpstreamProperties properties(String issuer) {
		return new UpstreamProperties("oidc", null, null, null, issuer, "gateway", null, "internal-secret");
	}

}
