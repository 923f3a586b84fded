package com.defernowork.gateway.mcp.security.web;

import java.time.Duration;
import java.util.List;

import com.defernowork.gateway.mcp.security.McpSecurityProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A refused host or origin shows in the log as well as to the client: a host or origin
 * left out of the settings is the operator's to mend, and the client's 403 was all that
 * said so.
 */
@ExtendWith(OutputCaptureExtension.class)
class HostOriginFilterTests {

	private final HostOriginFilter filter = new HostOriginFilter(
			new HostOriginPolicy(new McpSecurityProperties("https://mcp.example.test/", "http://localhost:9000", null,
					"rs", "secret", McpSecurityProperties.TokenFormat.OPAQUE,
					new McpSecurityProperties.Cache(Duration.ofSeconds(60), Duration.ofSeconds(5),
							Duration.ofSeconds(2), Duration.ofMinutes(10), 100),
					List.of(), List.of(), Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(5), 200,
					true, 600)),
			new UrlBasedCorsConfigurationSource());

	@Test
	void requestWhenHostOrOriginRefusedThenOneWarningEachNamingTheSetting(CapturedOutput output) throws Exception {
		assertThat(send("evil.example", null)).isEqualTo(403);
		assertThat(send("evil.example", null)).isEqualTo(403);
		assertThat(send("mcp.example.test", "https://app.example.com")).isEqualTo(403);
		assertThat(send("mcp.example.test", "https://mcp.example.test")).isEqualTo(200);
		assertThat(output.getAll().lines().filter((line) -> line.contains("WARN"))).satisfiesExactly(
				(line) -> assertThat(line).endsWith("Refused a request (403) for its Host evil.example: not an "
						+ "allowed host (MCP_ALLOWED_HOSTS; by default MCP_PUBLIC_URL's host and loopback)"),
				(line) -> assertThat(line).endsWith("Refused a request (403) from a page at https://app.example.com: "
						+ "not an allowed origin (MCP_ALLOWED_ORIGINS; by default MCP_PUBLIC_URL's origin and loopback)"));
	}

	private int send(String host, String origin) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/mcp");
		request.setServerName(host);
		request.addHeader("Host", host);
		if (origin != null) {
			request.addHeader("Origin", origin);
		}
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, new MockFilterChain());
		return response.getStatus();
	}

}
