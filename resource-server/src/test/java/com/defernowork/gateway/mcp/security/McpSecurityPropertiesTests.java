package com.defernowork.gateway.mcp.security;

import java.util.Map;

import com.defernowork.gateway.web.settings.InvalidSettingException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code mcp.security.*} refuses, when it is bound, URLs, timeouts and limits the server
 * could not work with, naming the environment variable and what it accepts.
 */
class McpSecurityPropertiesTests {

	private static final String ORIGIN = "an http(s) origin without path, query or trailing slash";

	static McpSecurityProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("mcp.security",
				McpSecurityProperties.class);
	}

	private static void assertRefused(Map<String, String> properties, String start) {
		assertThatThrownBy(() -> bind(properties)).rootCause()
			.isInstanceOf(InvalidSettingException.class)
			.hasMessageStartingWith(start);
	}

	@Test
	void bindWhenDefaultsThenValid() {
		McpSecurityProperties properties = bind(Map.of());
		assertThat(properties.resource()).isEqualTo("http://localhost:8001/mcp");
		assertThat(properties.internalUrl()).isEqualTo("http://localhost:9000");
		assertThat(properties.acceptUntypedJwt()).as("tokens of earlier auth servers work until they expire").isTrue();
	}

	@Test
	void bindWhenUntypedJwtsNoLongerAcceptedThenOff() {
		assertThat(bind(Map.of("mcp.security.accept-untyped-jwt", "false")).acceptUntypedJwt()).isFalse();
	}

	@Test
	void bindWhenPublicUrlHasTrailingSlashThenStripped() {
		assertThat(bind(Map.of("mcp.security.public-url", "https://mcp.example.com/")).resource())
			.isEqualTo("https://mcp.example.com/mcp");
	}

	@ParameterizedTest
	@ValueSource(strings = { "not a url", "https://mcp.example.com/mcp", "ftp://mcp.example.com", "mcp.example.com" })
	void bindWhenPublicUrlNoOriginThenNamesTheSetting(String url) {
		assertRefused(Map.of("mcp.security.public-url", url),
				"MCP_PUBLIC_URL (mcp.security.public-url) must be " + ORIGIN);
	}

	@ParameterizedTest
	@ValueSource(strings = { "not a url", "http://localhost:9000/", "http://localhost:9000/auth", "ftp://localhost" })
	void bindWhenIssuerNoOriginThenNamesTheSetting(String issuer) {
		assertRefused(Map.of("mcp.security.issuer", issuer), "AUTH_ISSUER (mcp.security.issuer) must be " + ORIGIN);
	}

	@ParameterizedTest
	@ValueSource(strings = { "not a url", "ftp://auth-server:9000", "auth-server:9000" })
	void bindWhenInternalUrlNotHttpThenNamesTheSetting(String url) {
		assertRefused(Map.of("mcp.security.internal-url", url),
				"AUTH_INTERNAL_URL (mcp.security.internal-url) must be an absolute http(s) URL");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			check-timeout          | 0    | MCP_SECURITY_CHECK_TIMEOUT          | a positive duration
			check-timeout          | -1s  | MCP_SECURITY_CHECK_TIMEOUT          | a positive duration
			connect-timeout        | 0    | MCP_SECURITY_CONNECT_TIMEOUT        | a positive duration
			read-timeout           | -1s  | MCP_SECURITY_READ_TIMEOUT           | a positive duration
			max-connections        | 0    | MCP_SECURITY_MAX_CONNECTIONS        | a whole number of 1 or more
			cache.ceiling          | -60s | MCP_INTROSPECTION_CACHE_TTL         | a duration of 0 or more
			cache.negative-ttl     | -1s  | MCP_SECURITY_CACHE_NEGATIVE_TTL     | a duration of 0 or more
			cache.error-ttl        | -1s  | MCP_SECURITY_CACHE_ERROR_TTL        | a duration of 0 or more
			cache.exchange-ceiling | -1m  | MCP_SECURITY_CACHE_EXCHANGE_CEILING | a duration of 0 or more
			cache.maximum-size     | -1   | MCP_SECURITY_CACHE_MAXIMUM_SIZE     | a whole number of 1 or more
			""")
	void bindWhenOutOfRangeThenNamesTheSetting(String name, String value, String env, String accepted) {
		assertRefused(Map.of("mcp.security." + name, value), env + " (mcp.security." + name + ") must be " + accepted);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " " })
	void bindWhenClientIdBlankThenNamesTheSetting(String id) {
		assertRefused(Map.of("mcp.security.client-id", id), "RS_CLIENT_ID (mcp.security.client-id) must be ");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " " })
	void bindWhenClientSecretBlankThenNamesTheSetting(String secret) {
		assertRefused(Map.of("mcp.security.client-secret", secret),
				"RS_CLIENT_SECRET (mcp.security.client-secret) must be ");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://127.0.0.1:8180?x=1", "http://127.0.0.1:8180/?x=1", "http://127.0.0.1:8180/prefix",
			"http://127.0.0.1:8180/prefix/", "http://127.0.0.1:8180//" })
	void bindWhenInternalUrlHasPathOrQueryThenNamesTheSetting(String url) {
		assertRefused(Map.of("mcp.security.internal-url", url),
				"AUTH_INTERNAL_URL (mcp.security.internal-url) must be the auth server's root URL, without path or "
						+ "query");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://auth-server:9000", "http://auth-server:9000/", " http://auth-server:9000/ " })
	void bindWhenInternalUrlIsARootThenWithoutTrailingSlash(String url) {
		assertThat(bind(Map.of("mcp.security.internal-url", url)).authServerEndpoint("/oauth2/jwks"))
			.isEqualTo("http://auth-server:9000/oauth2/jwks");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://a.example", "a.example:99999", "a.example:0", "a.example/x", "a.example/",
			"*.example.com", "a example", "[::1", "@a.example" })
	void bindWhenAllowedHostNotAHostThenNamesTheEntry(String host) {
		assertRefused(Map.of("mcp.security.allowed-hosts", "b.example," + host),
				"MCP_ALLOWED_HOSTS (mcp.security.allowed-hosts) must be host names or IP addresses, each with an "
						+ "optional port");
		assertThatThrownBy(() -> bind(Map.of("mcp.security.allowed-hosts", "b.example," + host))).rootCause()
			.hasMessageEndingWith("was '" + host + "'");
	}

	@Test
	void bindWhenAllowedHostsOfEveryFormThenAccepted() {
		assertThat(bind(Map.of("mcp.security.allowed-hosts",
				"mcp.example.com, MCP.Other.example:8443,10.0.0.5:8001,[::1]:8001,fd00::5,resource_server,localhost"))
			.allowedHosts()).containsExactly("mcp.example.com", "MCP.Other.example:8443", "10.0.0.5:8001", "[::1]:8001",
					"fd00::5", "resource_server", "localhost");
	}

	@Test
	void bindWhenAllowedHostTwiceThenNamesIt() {
		assertRefused(Map.of("mcp.security.allowed-hosts", "a.example,b.example,A.example"),
				"MCP_ALLOWED_HOSTS (mcp.security.allowed-hosts) must be a list naming each host once ('A.example' is "
						+ "there twice)");
		// the port is not compared
		assertRefused(Map.of("mcp.security.allowed-hosts", "a.example,a.example:8001"),
				"MCP_ALLOWED_HOSTS (mcp.security.allowed-hosts) must be a list naming each host once ('a.example:8001'");
		assertRefused(Map.of("mcp.security.allowed-hosts", "::1,[::1]:8001"),
				"MCP_ALLOWED_HOSTS (mcp.security.allowed-hosts) must be a list naming each host once ('[::1]:8001'");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://a.example/path", "a.example", "null", "http://a.example:99999",
			"http://a.example?x=1", "http://user@a.example", "http://a.example:*", "http://a.example//", "**",
			"https://a.example:443", "HTTP://a.example:80/" })
	void bindWhenAllowedOriginNotAnOriginThenNamesTheEntry(String origin) {
		assertThatThrownBy(() -> bind(Map.of("mcp.security.allowed-origins", "https://b.example," + origin)))
			.rootCause()
			.isInstanceOf(InvalidSettingException.class)
			.hasMessageStartingWith("MCP_ALLOWED_ORIGINS (mcp.security.allowed-origins) must be origins "
					+ "scheme://host or scheme://host:port")
			.hasMessageEndingWith("was '" + origin + "'");
	}

	@Test
	void bindWhenAllowedOriginsOfEveryFormThenAccepted() {
		assertThat(bind(Map.of("mcp.security.allowed-origins",
				"https://app.example.com,https://app.example.com:8443/,HTTPS://Upper.example,https://*.example.org,"
						+ "http://localhost:[*],http://[::1]:3000,chrome-extension://abcdef,*"))
			.allowedOrigins()).hasSize(8);
	}

	@Test
	void bindWhenAllowedOriginTwiceThenNamesIt() {
		assertRefused(Map.of("mcp.security.allowed-origins", "https://a.example,https://A.example/"),
				"MCP_ALLOWED_ORIGINS (mcp.security.allowed-origins) must be a list naming each origin once "
						+ "('https://A.example/' is there twice)");
	}

}
