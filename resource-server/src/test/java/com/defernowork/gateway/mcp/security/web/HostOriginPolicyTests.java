package com.defernowork.gateway.mcp.security.web;

import java.util.List;

import com.defernowork.gateway.mcp.security.McpSecurityProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HostOriginPolicyTests {

	private static McpSecurityProperties properties(List<String> hosts, List<String> origins) {
		return new McpSecurityProperties("https://mcp.example.test/", "http://localhost:9000", null, "rs", "secret",
				McpSecurityProperties.TokenFormat.OPAQUE,
				new McpSecurityProperties.Cache(java.time.Duration.ofSeconds(60), java.time.Duration.ofSeconds(5),
						java.time.Duration.ofSeconds(2), java.time.Duration.ofMinutes(10), 100),
				hosts, origins, java.time.Duration.ofSeconds(3), java.time.Duration.ofSeconds(10),
				java.time.Duration.ofSeconds(5), 200, true, 600);
	}

	@Test
	void defaultsWhenPublicUrlThenItsHostAndLoopbackOnly() {
		HostOriginPolicy policy = new HostOriginPolicy(properties(List.of(), List.of()));
		assertThat(policy.isHostAllowed("mcp.example.test")).isTrue();
		assertThat(policy.isHostAllowed("MCP.example.test:443")).isTrue();
		assertThat(policy.isHostAllowed("127.0.0.1")).isTrue();
		assertThat(policy.isHostAllowed("[::1]:8001")).isTrue();
		assertThat(policy.isHostAllowed("localhost")).isTrue();
		assertThat(policy.isHostAllowed("evil.example")).isFalse();
		assertThat(policy.isOriginAllowed("https://mcp.example.test")).isTrue();
		assertThat(policy.isOriginAllowed("http://localhost:6274")).isTrue();
		assertThat(policy.isOriginAllowed("http://127.0.0.1:6274")).isTrue();
		assertThat(policy.isOriginAllowed(null)).isTrue();
		assertThat(policy.isOriginAllowed("https://evil.example")).isFalse();
		assertThat(policy.isOriginAllowed("http://mcp.example.test")).isFalse();
		assertThat(policy.isOriginAllowed("null")).isFalse();
	}

	@Test
	void configuredListsWhenSetThenReplaceDefaults() {
		HostOriginPolicy policy = new HostOriginPolicy(
				properties(List.of("gateway.internal:8001"), List.of("https://portal.example.test")));
		assertThat(policy.isHostAllowed("gateway.internal")).isTrue();
		assertThat(policy.isHostAllowed("localhost")).isFalse();
		assertThat(policy.isOriginAllowed("https://portal.example.test")).isTrue();
		assertThat(policy.isOriginAllowed("http://localhost:6274")).isFalse();
	}

	/**
	 * RFC 6454 compares an origin's scheme and host without regard to case, and an origin
	 * is serialized without a path, so a trailing slash makes no origin at all.
	 */
	@Test
	void originWhenSchemeOrHostInUpperCaseThenAllowedAndWithAPathOrTrailingSlashRefused() {
		HostOriginPolicy policy = new HostOriginPolicy(properties(List.of(), List.of()));
		assertThat(policy.isOriginAllowed("http://LOCALHOST:8281")).isTrue();
		assertThat(policy.isOriginAllowed("HTTPS://Mcp.Example.Test")).isTrue();
		assertThat(policy.isOriginAllowed("http://[::1]:6274")).isTrue();
		assertThat(policy.isOriginAllowed("http://localhost:8281/")).isFalse();
		assertThat(policy.isOriginAllowed("https://mcp.example.test/")).isFalse();
		assertThat(policy.isOriginAllowed("https://mcp.example.test/x")).isFalse();
		assertThat(policy.isOriginAllowed("https://mcp.example.test?x")).isFalse();
		assertThat(policy.isOriginAllowed("https://user@mcp.example.test")).isFalse();
		HostOriginPolicy configured = new HostOriginPolicy(
				properties(List.of(), List.of("HTTPS://Portal.Example.Test", "https://*.Apps.Example.Test")));
		assertThat(configured.isOriginAllowed("https://portal.example.test")).isTrue();
		assertThat(configured.isOriginAllowed("https://a.apps.example.test")).isTrue();
		assertThat(configured.isOriginAllowed("https://PORTAL.example.test")).isTrue();
		assertThat(configured.isOriginAllowed("https://portal.example.test/")).isFalse();
	}

}
