package com.defernowork.gateway.auth.upstream;

import java.util.Map;

import com.defernowork.gateway.web.settings.InvalidSettingException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sign-in settings, and Boot's client timeouts the sign-in calls use. */
class UpstreamPropertiesTests {

	private static UpstreamProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("auth.upstream",
				UpstreamProperties.class);
	}

	@Test
	void bindWhenDefaultsThenValid() {
		assertThat(bind(Map.of()).defernoBaseUrl()).isEqualTo("http://127.0.0.1:3000/api");
	}

	@ParameterizedTest
	@ValueSource(strings = { "not a url", "ftp://deferno.example.com/api", "deferno.example.com/api", " " })
	void bindWhenDefernoBaseUrlNotHttpThenNamesTheSetting(String url) {
		assertThatThrownBy(() -> bind(Map.of("auth.upstream.deferno-base-url", url))).rootCause()
			.isInstanceOf(InvalidSettingException.class)
			.hasMessageStartingWith(
					"DEFERNO_BASE_URL (auth.upstream.deferno-base-url) must be an absolute http(s) URL");
	}

	@Test
	void bindWhenDefernoBaseUrlIsBlankThenRefusedQuotingTheBlank() {
		// an empty one is the default: the report must show it was not empty
		assertThatThrownBy(() -> bind(Map.of("auth.upstream.deferno-base-url", "  "))).rootCause()
			.isInstanceOf(InvalidSettingException.class)
			.hasMessageEndingWith("was '  '");
	}

	@Test
	void bindWhenUnknownConnectorThenNamesTheSettingAndItsValues() {
		assertThatThrownBy(() -> bind(Map.of("auth.upstream.connector", "saml"))).rootCause()
			.isInstanceOf(InvalidSettingException.class)
			.hasMessage("UPSTREAM_CONNECTOR (auth.upstream.connector) must be deferno or oidc, was 'saml'");
	}

	@Test
	void bindWhenConnectorInUpperCaseThenReadAsTheOtherChoicesAre() {
		assertThat(bind(Map.of("auth.upstream.connector", "OIDC")).connector()).isEqualTo("oidc");
		assertThat(bind(Map.of("auth.upstream.connector", " Deferno ")).connector()).isEqualTo("deferno");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://x/api?y=1", "http://x/api#y" })
	void bindWhenDefernoBaseUrlHasAQueryOrFragmentThenNamesTheSetting(String url) {
		// the paths appended after a query made every call a 404
		assertThatThrownBy(() -> bind(Map.of("auth.upstream.deferno-base-url", url))).rootCause()
			.isInstanceOf(InvalidSettingException.class)
			.hasMessageStartingWith("DEFERNO_BASE_URL (auth.upstream.deferno-base-url) must be an absolute http(s) "
					+ "URL without query or fragment");
	}

	@ParameterizedTest
	@ValueSource(strings = { "not-a-url", "accounts.example.com", "ftp://accounts.example.com",
			"https://accounts.example.com?x=1" })
	void oidcConnectorWhenTheIssuerIsNoHttpUrlThenNamesTheSetting(String issuer) {
		UpstreamProperties properties = bind(Map.of("auth.upstream.connector", "oidc", "auth.upstream.oidc-issuer",
				issuer, "auth.upstream.oidc-client-id", "gateway", "auth.upstream.internal-shared-secret", "s"));
		assertThatThrownBy(
				() -> new OidcConnectorConfig().oidcClientRegistrations(RestClient.builder(), properties, null))
			.isInstanceOf(InvalidSettingException.class)
			.hasMessage("OIDC_ISSUER (auth.upstream.oidc-issuer) must be an absolute http(s) URL without query or "
					+ "fragment, e.g. https://host.example.com/api, was '" + issuer + "'");
	}

	@Test
	void configWhenClientTimeoutNotAPositiveDurationThenNamesTheSetting() {
		assertThatThrownBy(() -> new UpstreamConfig("3s", "-1s")).isInstanceOf(InvalidSettingException.class)
			.hasMessageStartingWith(
					"UPSTREAM_READ_TIMEOUT (spring.http.clients.read-timeout) must be a positive duration");
		assertThatThrownBy(() -> new UpstreamConfig("0", "10s"))
			.hasMessageStartingWith("UPSTREAM_CONNECT_TIMEOUT (spring.http.clients.connect-timeout)");
		// not a duration at all: named too, not a conversion failure of the framework's
		assertThatThrownBy(() -> new UpstreamConfig("3sec", "10s")).isInstanceOf(InvalidSettingException.class)
			.hasMessage("UPSTREAM_CONNECT_TIMEOUT (spring.http.clients.connect-timeout) must be a positive duration "
					+ "with its unit, e.g. 30s, 5m or 1d, was '3sec'");
		// a number alone: milliseconds to Spring, which no one means
		assertThatThrownBy(() -> new UpstreamConfig("3s", "10000")).isInstanceOf(InvalidSettingException.class)
			.hasMessage("UPSTREAM_READ_TIMEOUT (spring.http.clients.read-timeout) must be a positive duration "
					+ "with its unit, e.g. 30s, 5m or 1d, was '10000'");
		assertThatThrownBy(() -> new UpstreamConfig("3s", "abc"))
			.hasMessageStartingWith("UPSTREAM_READ_TIMEOUT (spring.http.clients.read-timeout)");
	}

	@Test
	void oidcConnectorWhenSettingsItNeedsAreMissingThenAllAreNamedAtOnce() {
		UpstreamProperties properties = bind(
				Map.of("auth.upstream.connector", "oidc", "auth.upstream.oidc-client-id", "gateway"));
		assertThatThrownBy(
				() -> new OidcConnectorConfig().oidcClientRegistrations(RestClient.builder(), properties, null))
			.isInstanceOf(InvalidSettingException.class)
			.hasMessage("UPSTREAM_CONNECTOR=oidc needs OIDC_ISSUER (auth.upstream.oidc-issuer), INTERNAL_SHARED_SECRET "
					+ "(auth.upstream.internal-shared-secret), which are not set");
	}

}
