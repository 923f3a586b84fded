package com.defernowork.gateway.mcp.support;

import java.time.Duration;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The running resource server over real HTTP, driven by the MCP Java SDK client, with
 * Deferno stubbed by one WireMock shared by every test class (so they share one Spring
 * context). Every test signs in with one fixed Deferno token, so whoami's profile is not
 * remembered here, nor is Deferno's answer when a refusal of it is checked at
 * {@code /auth/me}: each call reaches the stub its test set up. That one person makes all
 * the calls of every test class, more than a minute's allowance on a fast machine: the
 * per-person rate is lifted ({@code PersonCallRateTests} has it).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "deferno.token=test-token", "deferno.read-retries=1", "deferno.read-timeout=5s",
				"deferno.profile-ttl=0s", "deferno.sign-in-check-memory=0s", "deferno.calls-per-minute=1000000" })
@Import(PermitAllSecurityConfig.class)
public abstract class McpToolTestSupport {

	protected static final WireMockServer deferno = new WireMockServer(
			options().dynamicPort().bindAddress("127.0.0.1"));

	protected static final JsonMapper json = JsonMapper.builder().build();

	static {
		deferno.start();
	}

	@DynamicPropertySource
	static void defernoBaseUrl(DynamicPropertyRegistry registry) {
		registry.add("deferno.base-url", () -> deferno.baseUrl() + "/api");
	}

	@LocalServerPort
	protected int port;

	protected McpSyncClient mcp;

	@BeforeEach
	void connect() {
		deferno.resetAll();
		this.mcp = McpClient
			.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + this.port).endpoint("/mcp").build())
			.requestTimeout(Duration.ofSeconds(20))
			.build();
		this.mcp.initialize();
	}

	@AfterEach
	void disconnect() {
		this.mcp.close();
	}

	protected CallToolResult call(String tool, Map<String, Object> arguments) {
		return this.mcp.callTool(new CallToolRequest(tool, arguments));
	}

	/** A tool as tools/list shows it to a client. */
	protected Tool listed(String tool) {
		return this.mcp.listTools()
			.tools()
			.stream()
			.filter((listed) -> listed.name().equals(tool))
			.findFirst()
			.orElseThrow(() -> new AssertionError("tools/list has no " + tool));
	}

	/** Calls a tool that must succeed and returns its JSON text parsed. */
	protected JsonNode ok(String tool, Map<String, Object> arguments) {
		CallToolResult result = call(tool, arguments);
		assertThat(result.isError()).as("isError of %s: %s", tool, text(result)).isFalse();
		return json.readTree(text(result));
	}

	/** Calls a tool that must fail and returns its message. */
	protected String error(String tool, Map<String, Object> arguments) {
		CallToolResult result = call(tool, arguments);
		assertThat(result.isError()).as("isError of %s: %s", tool, text(result)).isTrue();
		return text(result);
	}

	protected static String text(CallToolResult result) {
		return ((TextContent) result.content().get(0)).text();
	}

	/** A 200 Deferno answer in the 0.2 envelope around the given data JSON. */
	protected static ResponseDefinitionBuilder data(String dataJson) {
		return data(200, dataJson);
	}

	protected static ResponseDefinitionBuilder data(int status, String dataJson) {
		return aResponse().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"version\":\"0.2\",\"data\":" + dataJson + ",\"error\":null}");
	}

	protected static ResponseDefinitionBuilder failure(int status, String code, String message) {
		return aResponse().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"version\":\"0.2\",\"data\":null,\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message
					+ "\"}}");
	}

	protected static void stub(MappingBuilder mapping) {
		deferno.stubFor(mapping);
	}

	protected static JsonNode parse(String text) {
		return json.readTree(text);
	}

}
