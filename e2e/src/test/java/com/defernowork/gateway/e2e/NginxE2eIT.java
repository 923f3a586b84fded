package com.defernowork.gateway.e2e;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.defernowork.gateway.e2e.support.GatewayStack;
import com.defernowork.gateway.e2e.support.HttpCalls;
import com.defernowork.gateway.e2e.support.McpCalls;
import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.Pkce;
import com.defernowork.gateway.testsupport.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static com.defernowork.gateway.e2e.support.HttpCalls.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole MCP OAuth flow through the project's own nginx configuration only, in front
 * of the three real applications started from their jars: what an MCP client and a person
 * in a browser do, step by step.
 */
class NginxE2eIT {

	static final Pattern RESOURCE_METADATA = Pattern.compile("resource_metadata=\"([^\"]+)\"");

	static final String REDIRECT_URI = "http://127.0.0.1:6276/oauth/callback";

	static final String REDIS_PREFIX = TestRedis.uniquePrefix("e2e");

	static final String SCOPE = "profile:read tasks:read";

	static GatewayStack stack;

	static String publicUrl;

	@BeforeAll
	static void startGateway() {
		stack = GatewayStack.builder()
			.redis(TestRedis.url(), REDIS_PREFIX)
			// revocation is honoured within the introspection cache's lifetime: keep it
			// short for the last step
			.introspectionCacheTtl(Duration.ofSeconds(2))
			.start();
		publicUrl = stack.publicUrl();
	}

	@AfterAll
	static void stopGateway() {
		if (stack != null) {
			stack.close();
		}
	}

	@Test
	void mcpClientWhenItWalksTheWholeFlowThroughNginxThenItsCallsSucceedUntilRevoked() {
		McpCalls mcp = new McpCalls(publicUrl + "/mcp");

		String metadataUrl = step("1. POST /mcp without a token -> 401 pointing at the protected-resource metadata",
				() -> {
					HttpResponse<String> response = mcp.initialize(null);
					assertThat(response.statusCode()).isEqualTo(401);
					String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
					assertThat(challenge).startsWith("Bearer");
					Matcher matcher = RESOURCE_METADATA.matcher(challenge);
					assertThat(matcher.find()).as("resource_metadata in %s", challenge).isTrue();
					return matcher.group(1);
				});

		JsonNode prm = step("2. GET the protected-resource metadata", () -> {
			assertThat(metadataUrl).startsWith(publicUrl + "/.well-known/oauth-protected-resource");
			HttpResponse<String> response = HttpCalls.get(metadataUrl);
			assertThat(response.statusCode()).isEqualTo(200);
			JsonNode body = json(response);
			assertThat(body.get("resource").asString()).isEqualTo(publicUrl + "/mcp");
			assertThat(body.get("authorization_servers").get(0).asString()).isEqualTo(publicUrl);
			return body;
		});
		String resource = prm.get("resource").asString();

		JsonNode metadata = step("3. GET the authorization server metadata (RFC 8414)", () -> {
			HttpResponse<String> response = HttpCalls.get(publicUrl + "/.well-known/oauth-authorization-server");
			assertThat(response.statusCode()).isEqualTo(200);
			JsonNode body = json(response);
			assertThat(body.get("issuer").asString()).isEqualTo(prm.get("authorization_servers").get(0).asString());
			for (String endpoint : List.of("authorization_endpoint", "token_endpoint", "registration_endpoint",
					"revocation_endpoint")) {
				assertThat(body.get(endpoint).asString()).as(endpoint).startsWith(publicUrl + "/oauth2/");
			}
			assertThat(body.get("code_challenge_methods_supported").toString()).contains("S256");
			return body;
		});

		String clientId = step("4. register the client (RFC 7591) the way MCP Inspector does", () -> {
			Map<String, Object> registration = new LinkedHashMap<>();
			registration.put("redirect_uris", List.of(REDIRECT_URI));
			registration.put("token_endpoint_auth_method", "none");
			registration.put("grant_types", List.of("authorization_code", "refresh_token"));
			registration.put("response_types", List.of("code"));
			registration.put("client_name", "MCP Inspector (e2e)");
			registration.put("scope", "mcp:tools");
			HttpResponse<String> response = HttpCalls.postJson(metadata.get("registration_endpoint").asString(),
					registration);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
			return json(response).get("client_id").asString();
		});

		Pkce pkce = Pkce.s256();
		String state = UUID.randomUUID().toString();
		URI callback = step("5. authorize in a browser: sandbox sign-in as alice, then the gateway's consent", () -> {
			Map<String, String> query = new LinkedHashMap<>();
			query.put("response_type", "code");
			query.put("client_id", clientId);
			query.put("redirect_uri", REDIRECT_URI);
			query.put("code_challenge", pkce.challenge());
			query.put("code_challenge_method", "S256");
			query.put("state", state);
			query.put("scope", SCOPE);
			query.put("resource", resource);
			assertThat(metadata.get("authorization_endpoint").asString()).isEqualTo(publicUrl + "/oauth2/authorize");
			return new AuthorizationCodeFlow(publicUrl).codeThroughSignInPage(query, "alice", "sandbox");
		});

		String code = step("6. the redirect back carries the code, our state and the issuer", () -> {
			Map<String, String> params = HttpCalls.query(callback);
			// RFC 9207: the metadata says authorization_response_iss_parameter_supported
			assertThat(params).as("redirect %s", callback)
				.containsKey("code")
				.containsEntry("state", state)
				.containsEntry("iss", metadata.get("issuer").asString());
			assertThat(callback.toString()).startsWith(REDIRECT_URI + "?");
			return params.get("code");
		});

		JsonNode tokens = step("7. exchange the code for tokens", () -> {
			HttpResponse<String> response = HttpCalls.postForm(metadata.get("token_endpoint").asString(),
					Map.of("grant_type", "authorization_code", "code", code, "code_verifier", pkce.verifier(),
							"redirect_uri", REDIRECT_URI, "client_id", clientId, "resource", resource));
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			assertThat(response.headers().firstValue("Cache-Control"))
				.hasValueSatisfying(value -> assertThat(value).contains("no-store"));
			JsonNode body = json(response);
			assertThat(body.get("token_type").asString()).isEqualToIgnoringCase("Bearer");
			assertThat(body.hasNonNull("refresh_token")).as("a public client gets a refresh token").isTrue();
			return body;
		});

		step("8. initialize and call whoami with the access token", () -> {
			callWhoami(new McpCalls(publicUrl + "/mcp"), tokens.get("access_token").asString());
			return null;
		});

		JsonNode refreshed = step("9. refresh: a new access token and a rotated refresh token that both work", () -> {
			HttpResponse<String> response = HttpCalls.postForm(metadata.get("token_endpoint").asString(),
					Map.of("grant_type", "refresh_token", "refresh_token", tokens.get("refresh_token").asString(),
							"client_id", clientId, "resource", resource));
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			JsonNode body = json(response);
			assertThat(body.get("access_token").asString()).isNotEqualTo(tokens.get("access_token").asString());
			assertThat(body.get("refresh_token").asString()).isNotEqualTo(tokens.get("refresh_token").asString());
			callWhoami(new McpCalls(publicUrl + "/mcp"), body.get("access_token").asString());
			return body;
		});

		step("10. revoke the grant (RFC 7009), then the access token gets 401", () -> {
			HttpResponse<String> response = HttpCalls.postForm(metadata.get("revocation_endpoint").asString(),
					Map.of("token", refreshed.get("refresh_token").asString(), "token_type_hint", "refresh_token",
							"client_id", clientId));
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			String accessToken = refreshed.get("access_token").asString();
			// the resource server may answer from its introspection cache until the
			// cache's lifetime is over
			HttpResponse<String> call = await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> new McpCalls(publicUrl + "/mcp").initialize(accessToken),
						(answer) -> answer.statusCode() == 401);
			assertThat(call.headers().firstValue("WWW-Authenticate"))
				.hasValueSatisfying(value -> assertThat(value).startsWith("Bearer").contains("resource_metadata"));
			return null;
		});
	}

	private static void callWhoami(McpCalls mcp, String accessToken) {
		HttpResponse<String> init = mcp.initialize(accessToken);
		assertThat(init.statusCode()).as("initialize: %s", init.body()).isEqualTo(200);
		assertThat(McpCalls.message(init).get("result").hasNonNull("protocolVersion")).isTrue();
		mcp.initialized(accessToken);
		HttpResponse<String> call = mcp.callTool(accessToken, "whoami", Map.of());
		assertThat(call.statusCode()).as("tools/call: %s", call.body()).isEqualTo(200);
		JsonNode result = McpCalls.message(call).get("result");
		assertThat(result).as("tools/call answer %s", call.body()).isNotNull();
		assertThat(result.path("isError").asBoolean(false)).as("whoami failed: %s", result).isFalse();
		assertThat(result.toString()).contains("alice");
	}

	/**
	 * Runs one step of the flow; a failure names the step and ends with the applications'
	 * recent logs.
	 */
	private static <T> T step(String name, Callable<T> body) {
		try {
			return body.call();
		}
		catch (Throwable ex) {
			throw new AssertionError("step failed: " + name + "\n" + ex.getMessage() + "\n" + stack.logTails(), ex);
		}
	}

}
