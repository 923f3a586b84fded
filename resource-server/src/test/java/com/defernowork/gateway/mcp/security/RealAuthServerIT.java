package com.defernowork.gateway.mcp.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.defernowork.gateway.mcp.ResourceServerApplication;
import com.defernowork.gateway.mcp.security.support.AuthorizationCodeFlow;
import com.defernowork.gateway.mcp.security.support.AuthorizationCodeFlow.Tokens;
import com.defernowork.gateway.mcp.security.support.HttpProbe;
import com.defernowork.gateway.mcp.security.support.HttpProbe.Answer;
import com.defernowork.gateway.mcp.security.support.RedisPrefixCleaner;
import com.defernowork.gateway.testsupport.AppProcess;
import com.defernowork.gateway.testsupport.FreePorts;
import com.defernowork.gateway.testsupport.TestRedis;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The security layer against the REAL authorization server and Deferno sandbox, started as processes (Redis
 * storage), with tokens obtained through the real flow: registration, authorization with PKCE and
 * {@code resource}, upstream sign-in at the sandbox, consent, code exchange. This resource server runs in-process
 * as the whole application (real MCP tools calling the sandbox with the exchanged token) and reaches the
 * authorization server through a counting WireMock proxy (its {@code AUTH_INTERNAL_URL}), so introspection and
 * exchange calls can be counted.
 */
@SpringBootTest(classes = ResourceServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class RealAuthServerIT {

	static final int RS_PORT = FreePorts.next();

	static final int AS_PORT = FreePorts.next();

	static final String PUBLIC_URL = "http://127.0.0.1:" + RS_PORT;

	static final String RESOURCE = PUBLIC_URL + "/mcp";

	/** Another resource the authorization server serves, so it mints tokens this server must refuse. */
	static final String OTHER_RESOURCE = "http://127.0.0.1:" + RS_PORT + "/other-mcp";

	static final String ISSUER = "http://127.0.0.1:" + AS_PORT;

	static final String RS_CLIENT_ID = "mcp-resource-server";

	/** With characters that need form-encoding in HTTP Basic (RFC 6749 §2.3.1). */
	static final String RS_CLIENT_SECRET = "it rs:secret%+" + RS_PORT;

	static final String ALL_SCOPES = "tasks:read tasks:write plan:read plan:write profile:read";

	static final String INVALID_TOKEN_CHALLENGE = "Bearer error=\"invalid_token\", resource_metadata=\"" + PUBLIC_URL
			+ "/.well-known/oauth-protected-resource/mcp\", scope=\"" + ALL_SCOPES + "\"";

	static final Duration CEILING = Duration.ofSeconds(2);

	static final String REDIS_PREFIX = TestRedis.uniquePrefix("rs-security");

	static final JsonMapper JSON = JsonMapper.builder().build();

	static AppProcess sandbox;

	static AppProcess authServer;

	static WireMockServer authServerProxy;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		startBackends();
		registry.add("server.port", () -> RS_PORT);
		registry.add("server.address", () -> "127.0.0.1");
		registry.add("mcp.security.public-url", () -> PUBLIC_URL);
		registry.add("mcp.security.issuer", () -> ISSUER);
		registry.add("mcp.security.internal-url", authServerProxy::baseUrl);
		registry.add("mcp.security.client-id", () -> RS_CLIENT_ID);
		registry.add("mcp.security.client-secret", () -> RS_CLIENT_SECRET);
		registry.add("mcp.security.cache.ceiling", () -> CEILING.toMillis() + "ms");
		registry.add("deferno.base-url", () -> sandbox.baseUrl() + "/api");
		registry.add("deferno.token", () -> "");
	}

	static synchronized void startBackends() {
		if (authServer != null) {
			return;
		}
		sandbox = AppProcess.of("deferno-sandbox").start();
		authServer = AppProcess.of("auth-server")
			.port(AS_PORT)
			.env("AUTH_ISSUER", ISSUER)
			.env("REDIS_URL", TestRedis.url())
			.env("MCP_RESOURCES", RESOURCE + "," + OTHER_RESOURCE)
			.env("RS_CLIENT_ID", RS_CLIENT_ID)
			.env("RS_CLIENT_SECRET", RS_CLIENT_SECRET)
			.env("DEFERNO_BASE_URL", sandbox.baseUrl() + "/api")
			.property("auth.redis.key-prefix", REDIS_PREFIX)
			.start();
		authServerProxy = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
		authServerProxy.start();
		authServerProxy.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom(authServer.baseUrl())));
	}

	@AfterAll
	static void stopBackends() {
		if (authServerProxy != null) {
			authServerProxy.stop();
		}
		if (authServer != null) {
			authServer.close();
		}
		if (sandbox != null) {
			sandbox.close();
		}
		RedisPrefixCleaner.deleteKeysUnder(REDIS_PREFIX);
	}

	HttpProbe http;

	@BeforeEach
	void probe() {
		this.http = new HttpProbe(PUBLIC_URL);
	}

	static final String CAPTURE_ARGUMENTS = "{\"title\":\"Water the plants\",\"attend\":false,\"repeats\":false}";

	static String toolsCall(String tool) {
		return toolsCall(tool, "{}");
	}

	static String toolsCall(String tool, String arguments) {
		return """
				{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"%s","arguments":%s}}"""
			.formatted(tool, arguments);
	}

	/** A Streamable HTTP POST the way MCP clients send it. */
	Answer mcp(String token, String body) {
		Map<String, String> headers = new java.util.HashMap<>(
				Map.of("Accept", "application/json, text/event-stream", "Mcp-Protocol-Version", "2025-11-25"));
		if (token != null) {
			headers.put("Authorization", "Bearer " + token);
		}
		return this.http.send(HttpMethod.POST, "/mcp", headers, body);
	}

	/** The whoami tool, which asks Deferno who the exchanged token belongs to. */
	Answer callDeferno(String token) {
		return mcp(token, toolsCall("whoami"));
	}

	static JsonNode toolResult(Answer answer) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		JsonNode result = JSON.readTree(answer.body()).path("result");
		assertThat(result.path("isError").asBoolean(false)).as(answer.body()).isFalse();
		return result;
	}

	static void assertInvalidToken(Answer answer) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(401);
		assertThat(answer.header("WWW-Authenticate")).isEqualTo(INVALID_TOKEN_CHALLENGE);
	}

	static int proxiedCalls(String path, String token) {
		return authServerProxy
			.countRequestsMatching(postRequestedFor(urlPathEqualTo(path)).withRequestBody(containing(token)).build())
			.getCount();
	}

	@Test
	void metadataWhenFetchedThenIssuerByteIdenticalToAuthServerMetadata() throws Exception {
		Answer prm = this.http.get("/.well-known/oauth-protected-resource/mcp", Map.of());
		HttpResponse<String> asMetadata = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(ISSUER + "/.well-known/oauth-authorization-server")).build(),
					HttpResponse.BodyHandlers.ofString());
		JsonNode resource = JSON.readTree(prm.body());
		assertThat(resource.path("resource").asString()).isEqualTo(RESOURCE);
		assertThat(resource.path("authorization_servers").get(0).asString())
			.isEqualTo(JSON.readTree(asMetadata.body()).path("issuer").asString());
	}

	@Test
	void toolWhenTokenFromRealFlowThenDefernoReachedAndIntrospectedOnce() throws Exception {
		Tokens tokens = AuthorizationCodeFlow.register(ISSUER).authorize(ALL_SCOPES, RESOURCE, "alice");
		for (int i = 0; i < 3; i++) {
			assertThat(toolResult(callDeferno(tokens.accessToken())).toString()).contains("alice");
		}
		assertThat(proxiedCalls("/oauth2/introspect", tokens.accessToken())).isEqualTo(1);
		assertThat(proxiedCalls("/oauth2/token", tokens.accessToken())).isEqualTo(1);
	}

	@Test
	void mcpWhenMissingOrUnknownTokenThenInvalidTokenChallenge() {
		assertInvalidToken(mcp(null, toolsCall("whoami")));
		assertInvalidToken(mcp("not-issued-by-the-gateway", toolsCall("whoami")));
	}

	@Test
	void mcpWhenTokenBoundToOtherResourceThenInvalidTokenChallenge() throws Exception {
		Tokens tokens = AuthorizationCodeFlow.register(ISSUER).authorize(ALL_SCOPES, OTHER_RESOURCE, "alice");
		assertInvalidToken(mcp(tokens.accessToken(), toolsCall("whoami")));
	}

	@Test
	void mcpWhenGrantRevokedThenRefusedWithinCacheCeiling() throws Exception {
		Tokens tokens = AuthorizationCodeFlow.register(ISSUER).authorize(ALL_SCOPES, RESOURCE, "alice");
		toolResult(mcp(tokens.accessToken(), toolsCall("whoami")));
		assertThat(revokeAsResourceServer(tokens.accessToken())).isEqualTo(200);
		Instant revokedAt = Instant.now();
		await().atMost(CEILING.plusSeconds(3))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> mcp(tokens.accessToken(), toolsCall("whoami")).status() == 401);
		assertThat(Duration.between(revokedAt, Instant.now())).isLessThan(CEILING.plusSeconds(1));
		assertInvalidToken(mcp(tokens.accessToken(), toolsCall("whoami")));
	}

	@Test
	void toolsCallWhenReadOnlyTokenThenInsufficientScopeAndWorksAfterStepUp() throws Exception {
		AuthorizationCodeFlow client = AuthorizationCodeFlow.register(ISSUER);
		Tokens readOnly = client.authorize("tasks:read profile:read", RESOURCE, "alice");
		assertThat(toolResult(mcp(readOnly.accessToken(), toolsCall("list_items"))).toString()).contains("content");
		Answer refused = mcp(readOnly.accessToken(), toolsCall("capture_item", CAPTURE_ARGUMENTS));
		assertThat(refused.status()).isEqualTo(403);
		String challenge = refused.header("WWW-Authenticate");
		assertThat(challenge).isEqualTo("Bearer error=\"insufficient_scope\", scope=\"tasks:read tasks:write "
				+ "profile:read\", resource_metadata=\"" + PUBLIC_URL + "/.well-known/oauth-protected-resource/mcp\"");
		String stepUpScope = challenge.replaceAll(".*scope=\"([^\"]*)\".*", "$1");
		Tokens stepped = client.authorize(stepUpScope, RESOURCE, "alice");
		assertThat(toolResult(mcp(stepped.accessToken(), toolsCall("capture_item", CAPTURE_ARGUMENTS))).toString())
			.contains("Water the plants");
	}

	@Test
	void toolWhenDefernoRefusesExchangedTokenThenGrantRevokedAndClientSignsInAgain() throws Exception {
		Tokens tokens = AuthorizationCodeFlow.register(ISSUER).authorize(ALL_SCOPES, RESOURCE, "bob");
		assertThat(toolResult(callDeferno(tokens.accessToken())).toString()).contains("bob");
		revokeDefernoTokensOfGrant(tokens.accessToken());
		Answer answer = callDeferno(tokens.accessToken());
		assertInvalidToken(answer);
		assertThat(proxiedCalls("/oauth2/revoke", tokens.accessToken())).isEqualTo(1);
		// the grant is gone at the authorization server, and nothing stale is cached here
		assertInvalidToken(mcp(tokens.accessToken(), toolsCall("whoami")));
	}

	/** What the resource server does after a Deferno 401, done by the test: RFC 7009 as the RS client. */
	static int revokeAsResourceServer(String token) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(ISSUER + "/oauth2/revoke"))
				.header("Authorization", basicAuth())
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("token=" + token + "&token_type_hint=access_token"))
				.build(), HttpResponse.BodyHandlers.ofString())
			.statusCode();
	}

	/** Revokes, at the sandbox, the Deferno tokens of the user behind the grant (the user signs out upstream). */
	static void revokeDefernoTokensOfGrant(String mcpToken) throws Exception {
		HttpClient client = HttpClient.newHttpClient();
		HttpResponse<String> exchanged = client.send(HttpRequest.newBuilder(URI.create(ISSUER + "/oauth2/token"))
			.header("Authorization", basicAuth())
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange"
					+ "&subject_token=" + mcpToken
					+ "&subject_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Aaccess_token"
					+ "&requested_token_type=urn%3Adefernowork%3Aparams%3Aoauth%3Atoken-type%3Adeferno-api-token"
					+ "&resource=" + java.net.URLEncoder.encode(RESOURCE, java.nio.charset.StandardCharsets.UTF_8)))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
		String defernoToken = JSON.readTree(exchanged.body()).path("access_token").asString();
		HttpResponse<String> list = client.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/api/auth/tokens"))
			.header("Authorization", "Bearer " + defernoToken)
			.build(), HttpResponse.BodyHandlers.ofString());
		JsonNode root = JSON.readTree(list.body());
		JsonNode items = root.has("data") ? root.path("data") : root;
		List<String> ids = new ArrayList<>();
		items.forEach((item) -> ids.add(item.path("id").asString()));
		assertThat(ids).isNotEmpty();
		for (String id : ids) {
			client.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/api/auth/tokens/" + id))
				.header("Authorization", "Bearer " + defernoToken)
				.DELETE()
				.build(), HttpResponse.BodyHandlers.discarding());
		}
		HttpResponse<Void> me = client.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/api/auth/me"))
			.header("Authorization", "Bearer " + defernoToken)
			.build(), HttpResponse.BodyHandlers.discarding());
		assertThat(me.statusCode()).isEqualTo(401);
	}

	static String basicAuth() {
		return "Basic " + Base64.getEncoder()
			.encodeToString((encode(RS_CLIENT_ID) + ":" + encode(RS_CLIENT_SECRET))
				.getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	static String encode(String value) {
		return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
	}

}
