package com.defernowork.gateway.auth.config;

import com.defernowork.gateway.web.settings.InvalidSettingException;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code auth.*} refuses, when it is bound, an issuer, a resource or a lifetime the
 * server could not work with, naming the environment variable and what it accepts.
 */
class AuthPropertiesTests {

	static AuthProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("auth", AuthProperties.class);
	}

	@Test
	void bindWhenDefaultsThenValid() {
		AuthProperties properties = bind(Map.of());
		assertThat(properties.issuer()).isEqualTo("http://localhost:9000");
		assertThat(properties.tokens().refreshReuseGrace()).isEqualTo(Duration.ofSeconds(30));
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://mcp.example.com", "http://localhost:9000", "http://127.0.0.1:9000" })
	void bindWhenIssuerIsAnOriginThenKept(String issuer) {
		assertThat(bind(Map.of("auth.issuer", issuer)).issuer()).isEqualTo(issuer);
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://localhost:9000/", "http://localhost:9000/auth", "ftp://localhost:9000",
			"not a url", "localhost:9000", "https://mcp.example.com?x=1", "https://user@mcp.example.com", "" })
	void bindWhenIssuerIsNoOriginThenNamesTheSetting(String issuer) {
		assertThatThrownBy(() -> bind(Map.of("auth.issuer", issuer))).rootCause()
			.isInstanceOf(InvalidSettingException.class)
			.hasMessage("AUTH_ISSUER (auth.issuer) must be an http(s) origin without path, query or trailing slash, "
					+ "e.g. https://mcp.example.com, was '" + issuer + "'");
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://mcp.example.com:443", "http://localhost:80", "HTTPS://mcp.example.com",
			"https://MCP.example.com:8443" })
	void bindWhenIssuerIsNotWrittenAsBrowsersWriteAnOriginThenNamesTheSettingAndTheForm(String issuer) {
		// the metadata's issuer, compared byte for byte, and the Origin browsers send
		// would differ from it
		assertThatThrownBy(() -> bind(Map.of("auth.issuer", issuer))).rootCause()
			.isInstanceOf(InvalidSettingException.class)
			.hasMessageStartingWith("AUTH_ISSUER (auth.issuer) must be an origin as browsers write it: scheme and "
					+ "host in lower case, no default port");
	}

	@ParameterizedTest
	@ValueSource(strings = { "not a url", "ftp://mcp.example.com/mcp", "/mcp" })
	void bindWhenResourceIsNoHttpUrlThenNamesTheSetting(String resource) {
		assertThatThrownBy(() -> bind(Map.of("auth.resources", "http://localhost:8001/mcp," + resource))).rootCause()
			.isInstanceOf(InvalidSettingException.class)
			.hasMessageStartingWith("MCP_RESOURCES (auth.resources) must be an absolute http(s) URL");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://localhost:8001/mcp?tenant=1", "http://localhost:8001/mcp#x" })
	void bindWhenResourceHasAQueryOrFragmentThenNamesTheSetting(String resource) {
		// RFC 8707 §2: a resource without query; a client could not compare one
		assertThatThrownBy(() -> bind(Map.of("auth.resources", resource))).rootCause()
			.isInstanceOf(InvalidSettingException.class)
			.hasMessage("MCP_RESOURCES (auth.resources) must be an absolute http(s) URL without query or fragment, "
					+ "e.g. https://host.example.com/api, was '" + resource + "'");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://localhost:8001/mcp/", "https://mcp.example.com/" })
	void bindWhenResourceEndsWithASlashThenRefusedAsTheResourceServerNeverMatchesIt(String resource) {
		assertThatThrownBy(() -> bind(Map.of("auth.resources", resource))).rootCause()
			.isInstanceOf(InvalidSettingException.class)
			.hasMessage("MCP_RESOURCES (auth.resources) must be the MCP endpoint URLs without a trailing slash, "
					+ "e.g. https://mcp.example.com/mcp, was '" + resource + "'");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://localhost:8001/mcp", "HTTP://LOCALHOST:8001/mcp" })
	void bindWhenAResourceIsNamedTwiceThenNamesIt(String again) {
		assertThatThrownBy(
				() -> bind(Map.of("auth.resources", "http://localhost:8001/mcp,https://b.example/mcp," + again)))
			.rootCause()
			.isInstanceOf(InvalidSettingException.class)
			.hasMessage(
					"MCP_RESOURCES (auth.resources) must be distinct URLs, each named once, was '" + again + " twice'");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " " })
	void bindWhenTheResourceServersClientIdIsBlankThenNamesTheSetting(String id) {
		// it failed the start deep in the first lookup of the client, in a stack trace
		assertThatThrownBy(() -> bind(Map.of("auth.rs-client.id", id))).rootCause()
			.isInstanceOf(InvalidSettingException.class)
			.hasMessage("RS_CLIENT_ID (auth.rs-client.id) must be a client id, not empty, the same as the resource "
					+ "server's RS_CLIENT_ID, e.g. mcp-resource-server, was '" + id + "'");
	}

	@ParameterizedTest
	@CsvSource({ "code-ttl, 0s, AUTH_CODE_TTL", "access-token-ttl, 0, AUTH_ACCESS_TOKEN_TTL",
			"access-token-ttl, -1h, AUTH_ACCESS_TOKEN_TTL", "refresh-token-ttl, -30d, AUTH_REFRESH_TOKEN_TTL" })
	void bindWhenLifetimeNotPositiveThenNamesTheSetting(String name, String value, String env) {
		assertThatThrownBy(() -> bind(Map.of("auth.tokens." + name, value))).rootCause()
			.isInstanceOf(InvalidSettingException.class)
			.hasMessageStartingWith(env + " (auth.tokens." + name + ") must be a positive duration");
	}

	@Test
	void bindWhenRefreshReuseGraceNegativeThenRefusedAndZeroMeansNoGrace() {
		assertThatThrownBy(() -> bind(Map.of("auth.tokens.refresh-reuse-grace", "-5s"))).rootCause()
			.hasMessageStartingWith(
					"AUTH_REFRESH_REUSE_GRACE (auth.tokens.refresh-reuse-grace) must be a duration of 0 or more");
		assertThat(bind(Map.of("auth.tokens.refresh-reuse-grace", "0")).tokens().refreshReuseGrace()).isZero();
	}

}
