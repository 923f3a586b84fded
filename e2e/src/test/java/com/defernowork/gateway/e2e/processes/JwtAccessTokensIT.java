package com.defernowork.gateway.e2e.processes;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import com.defernowork.gateway.e2e.support.AliceTokens;
import com.defernowork.gateway.e2e.support.AliceTokens.Grant;
import com.defernowork.gateway.e2e.support.GatewayStack;
import com.defernowork.gateway.e2e.support.HttpCalls;
import com.defernowork.gateway.e2e.support.McpCalls;
import com.defernowork.gateway.testsupport.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JWT mode end to end: the real sandbox, auth server ({@code AUTH_TOKEN_FORMAT=jwt}) and
 * resource server ({@code MCP_TOKEN_FORMAT=jwt}) from their jars, alice's tokens through
 * the real flow. Each side's own tests fake the other; this shows the auth server's RFC
 * 9068 tokens are what the resource server's local check accepts, and what it refuses.
 */
class JwtAccessTokensIT {

	static final String SCOPE = "tasks:read profile:read";

	static final String OTHER_RESOURCE_PATH = "/other-mcp";

	static final String REDIS_PREFIX = TestRedis.uniquePrefix("jwt-e2e");

	static GatewayStack stack;

	/** One grant for the class: each sign-in and consent costs time. */
	static Grant alice;

	@BeforeAll
	static void start() {
		stack = GatewayStack.builder()
			.tokenFormat("jwt")
			.otherResource(OTHER_RESOURCE_PATH)
			.redis(TestRedis.url(), REDIS_PREFIX)
			.start();
		alice = AliceTokens.grant(stack, SCOPE, stack.mcpUrl());
	}

	@AfterAll
	static void stop() {
		if (stack != null) {
			stack.close();
		}
	}

	@Test
	void accessTokenWhenIssuedThenRfc9068Jwt() {
		assertAccessTokenJwt(alice, stack.mcpUrl());
	}

	@Test
	void mcpWhenJwtFromRealFlowThenToolCallReachesDefernoAndNothingIsIntrospected() {
		assertWhoamiIsAlice(alice.accessToken());
		// checked locally with the auth server's keys: the auth server introspected no
		// live token (the credentials health probe's introspections are all inactive)
		// (the series is exported at 0 from the start)
		assertThat(authServerMetrics()).contains("gateway_auth_introspections_total{result=\"active\"} 0.0");
	}

	@Test
	void mcpWhenPayloadAlteredThenInvalidToken() {
		String[] parts = alice.accessToken().split("\\.");
		String payload = decode(parts[1]);
		assertThat(payload).contains("\"alice\"");
		// still a well-formed token: only the signature no longer matches
		String altered = parts[0] + "." + encode(payload.replace("\"alice\"", "\"alicf\"")) + "." + parts[2];
		assertInvalidToken(new McpCalls(stack.mcpUrl()).initialize(altered), "Invalid signature");
	}

	@Test
	void mcpWhenTokenForOtherResourceThenInvalidToken() {
		String otherResource = stack.publicUrl() + OTHER_RESOURCE_PATH;
		Grant other = AliceTokens.grant(stack, SCOPE, otherResource);
		// as well-formed and signed as alice's: only the audience tells it apart
		assertAccessTokenJwt(other, otherResource);
		assertInvalidToken(new McpCalls(stack.mcpUrl()).initialize(other.accessToken()), "The aud claim is not valid");
	}

	@Test
	void accessTokenWhenRefreshedThenNewJwtWorks() {
		Grant grant = AliceTokens.grant(stack, SCOPE, stack.mcpUrl());
		assertThat(grant.refreshToken()).isNotBlank();
		Grant refreshed = AliceTokens.refresh(stack, grant);
		assertThat(refreshed.accessToken()).isNotEqualTo(grant.accessToken());
		assertAccessTokenJwt(refreshed, stack.mcpUrl());
		assertWhoamiIsAlice(refreshed.accessToken());
	}

	@Test
	void toolCallWhenGrantRevokedThenSignInAgainThoughTheJwtStillVerifies() {
		Grant grant = AliceTokens.grant(stack, SCOPE, stack.mcpUrl());
		HttpResponse<String> revoked = HttpCalls.postForm(stack.publicUrl() + "/oauth2/revoke", Map.of("token",
				grant.refreshToken(), "token_type_hint", "refresh_token", "client_id", grant.clientId()));
		assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);

		// the signature and claims still pass the local check: only the exchange at the
		// auth server (RFC 8693 invalid_request) tells the grant is gone
		McpCalls mcp = new McpCalls(stack.mcpUrl());
		assertThat(mcp.initialize(grant.accessToken()).statusCode()).isEqualTo(200);
		HttpResponse<String> whoami = mcp.callTool(grant.accessToken(), "whoami", Map.of());
		assertInvalidToken(whoami, "sign in again");
	}

	/** What RFC 9068 §2 has an access token carry, as this auth server writes it. */
	private static void assertAccessTokenJwt(Grant grant, String audience) {
		String[] parts = grant.accessToken().split("\\.");
		assertThat(parts).hasSize(3);
		JsonNode header = HttpCalls.JSON.readTree(decode(parts[0]));
		JsonNode claims = HttpCalls.JSON.readTree(decode(parts[1]));
		assertThat(header.path("typ").asString()).isEqualTo("at+jwt");
		assertThat(claims.path("iss").asString()).isEqualTo(stack.publicUrl());
		assertThat(claims.path("sub").asString()).isNotBlank();
		assertThat(claims.path("aud").toString()).contains("\"" + audience + "\"");
		assertThat(claims.path("client_id").asString()).isEqualTo(grant.clientId());
		assertThat(claims.path("scope").isString()).as(claims.toString()).isTrue();
		assertThat(claims.path("scope").asString().split(" ")).containsExactlyInAnyOrder(SCOPE.split(" "));
		assertThat(claims.path("jti").asString()).isNotBlank();
		assertThat(claims.path("exp").asLong()).isGreaterThan(claims.path("iat").asLong());
	}

	/** initialize, tools/list and tools/call of whoami, in one MCP session. */
	private static void assertWhoamiIsAlice(String token) {
		McpCalls mcp = new McpCalls(stack.mcpUrl());
		HttpResponse<String> initialized = mcp.initialize(token);
		assertThat(initialized.statusCode()).as(initialized.body()).isEqualTo(200);
		assertThat(mcp.initialized(token).statusCode()).isEqualTo(202);
		HttpResponse<String> tools = mcp.request(token, "tools/list", Map.of());
		assertThat(McpCalls.message(tools).at("/result/tools").toString()).as(tools.body()).contains("\"whoami\"");
		HttpResponse<String> whoami = mcp.callTool(token, "whoami", Map.of());
		JsonNode result = McpCalls.message(whoami).path("result");
		assertThat(result.path("isError").asBoolean(false)).as(whoami.body()).isFalse();
		assertThat(result.toString()).contains("alice");
	}

	/**
	 * A 401 challenge for an invalid token, refused for {@code reason} (so not for
	 * anything all tokens would fail).
	 */
	private static void assertInvalidToken(HttpResponse<String> answer, String reason) {
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(401);
		assertThat(HttpCalls.json(answer).path("error_description").asString()).contains(reason);
		assertThat(answer.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Bearer error=\"invalid_token\"")
				.contains("resource_metadata=\"" + stack.publicUrl() + "/.well-known/oauth-protected-resource/mcp\""));
	}

	/** The auth server's metrics, read directly (not through nginx). */
	private static String authServerMetrics() {
		HttpResponse<String> answer = HttpCalls
			.send(HttpRequest.newBuilder(URI.create(stack.authManagementUrl() + "/actuator/prometheus"))
				.header("Accept", "text/plain"));
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		return answer.body();
	}

	private static String decode(String part) {
		return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
	}

	private static String encode(String text) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

}
