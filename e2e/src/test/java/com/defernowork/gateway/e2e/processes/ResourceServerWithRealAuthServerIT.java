package com.defernowork.gateway.e2e.processes;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import com.defernowork.gateway.e2e.support.RedisKeys;
import com.defernowork.gateway.testsupport.AppProcess;
import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.Browser;
import com.defernowork.gateway.testsupport.FreePorts;
import com.defernowork.gateway.testsupport.Pkce;
import com.defernowork.gateway.testsupport.TestRedis;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
 * The resource server's security layer against the REAL authorization server and Deferno
 * sandbox, all three started from their jars (Redis storage), with tokens obtained
 * through the real flow: registration, authorization with PKCE and {@code resource},
 * sign-in at the sandbox, consent, code exchange. The resource server reaches the
 * authorization server through a counting WireMock proxy (its {@code AUTH_INTERNAL_URL}),
 * so introspection and exchange calls can be counted.
 */
class ResourceServerWithRealAuthServerIT {

	static final int RS_PORT = FreePorts.next();

	static final int AS_PORT = FreePorts.next();

	static final String PUBLIC_URL = "http://127.0.0.1:" + RS_PORT;

	static final String RESOURCE = PUBLIC_URL + "/mcp";

	/**
	 * Another resource the authorization server serves, so it mints tokens this server
	 * must refuse.
	 */
	static final String OTHER_RESOURCE = "http://127.0.0.1:" + RS_PORT + "/other-mcp";

	static final String ISSUER = "http://127.0.0.1:" + AS_PORT;

	static final String REDIRECT = "http://127.0.0.1:6276/oauth/callback";

	static final String RS_CLIENT_ID = "mcp-resource-server";

	/** With characters that need form-encoding in HTTP Basic (RFC 6749 §2.3.1). */
	static final String RS_CLIENT_SECRET = "it rs:secret%+" + RS_PORT;

	static final String ALL_SCOPES = "tasks:read tasks:write plan:read plan:write profile:read";

	static final String SIGN_IN_CHALLENGE = "resource_metadata=\"" + PUBLIC_URL
			+ "/.well-known/oauth-protected-resource/mcp\", scope=\"" + ALL_SCOPES + "\"";

	static final Duration CEILING = Duration.ofSeconds(2);

	static final String REDIS_PREFIX = TestRedis.uniquePrefix("rs-security");

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final String CAPTURE_ARGUMENTS = "{\"title\":\"Water the plants\",\"attend\":false,\"repeats\":false}";

	static AppProcess sandbox;

	static AppProcess authServer;

	static WireMockServer authServerProxy;

	static AppProcess resourceServer;

	private final Browser http = new Browser();

	@BeforeAll
	static void start() {
		sandbox = AppProcess.of("deferno-sandbox").start();
		authServer = AppProcess.of("auth-server")
			.port(AS_PORT)
			.env("AUTH_ISSUER", ISSUER)
			.env("REDIS_URL", TestRedis.url())
			.env("VAULT_KEY", "ZTJlLXZhdWx0LWtleS0tLTMyLWJ5dGVzLWxvbmctMDA=")
			.env("MCP_RESOURCES", RESOURCE + "," + OTHER_RESOURCE)
			.env("RS_CLIENT_ID", RS_CLIENT_ID)
			.env("RS_CLIENT_SECRET", RS_CLIENT_SECRET)
			.env("DEFERNO_BASE_URL", sandbox.baseUrl() + "/api")
			.property("auth.redis.key-prefix", REDIS_PREFIX)
			.start();
		authServerProxy = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
		authServerProxy.start();
		authServerProxy.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom(authServer.baseUrl())));
		resourceServer = AppProcess.of("resource-server")
			.port(RS_PORT)
			.env("MCP_PUBLIC_URL", PUBLIC_URL)
			.env("AUTH_ISSUER", ISSUER)
			.env("AUTH_INTERNAL_URL", authServerProxy.baseUrl())
			.env("RS_CLIENT_ID", RS_CLIENT_ID)
			.env("RS_CLIENT_SECRET", RS_CLIENT_SECRET)
			.env("MCP_INTROSPECTION_CACHE_TTL", CEILING.toMillis() + "ms")
			.env("DEFERNO_BASE_URL", sandbox.baseUrl() + "/api")
			.start();
	}

	@AfterAll
	static void stop() {
		for (AutoCloseable app : new AutoCloseable[] { resourceServer, authServerProxy::stop, authServer, sandbox }) {
			try {
				if (app != null) {
					app.close();
				}
			}
			catch (Exception ex) {
				// the others still stop
			}
		}
		RedisKeys.deleteByPrefix(TestRedis.url(), REDIS_PREFIX);
	}

	@Test
	void metadataWhenFetchedThenIssuerByteIdenticalToAuthServerMetadata() {
		JsonNode resource = json(this.http.get(PUBLIC_URL + "/.well-known/oauth-protected-resource/mcp"));
		JsonNode authorizationServer = json(this.http.get(ISSUER + "/.well-known/oauth-authorization-server"));
		assertThat(resource.path("resource").asString()).isEqualTo(RESOURCE);
		assertThat(resource.path("authorization_servers").get(0).asString())
			.isEqualTo(authorizationServer.path("issuer").asString());
	}

	@Test
	void toolWhenTokenFromRealFlowThenDefernoReachedAndIntrospectedOnce() {
		Tokens tokens = authorize(register(), ALL_SCOPES, RESOURCE, "alice");
		for (int i = 0; i < 3; i++) {
			assertThat(toolResult(callDeferno(tokens.accessToken())).toString()).contains("alice");
		}
		assertThat(proxiedCalls("/oauth2/introspect", tokens.accessToken())).isEqualTo(1);
		assertThat(proxiedCalls("/oauth2/token", tokens.accessToken())).isEqualTo(1);
	}

	@Test
	void mcpWhenMissingOrUnknownTokenThenInvalidTokenChallenge() {
		HttpResponse<String> noToken = mcp(null, toolsCall("whoami", "{}"));
		assertThat(noToken.statusCode()).isEqualTo(401);
		// RFC 6750 §3.1: without a token, the same challenge without an error code
		assertThat(noToken.headers().firstValue("WWW-Authenticate")).contains("Bearer " + SIGN_IN_CHALLENGE);
		assertInvalidToken(mcp("not-issued-by-the-gateway", toolsCall("whoami", "{}")));
	}

	@Test
	void mcpWhenTokenBoundToOtherResourceThenInvalidTokenChallenge() {
		Tokens tokens = authorize(register(), ALL_SCOPES, OTHER_RESOURCE, "alice");
		HttpResponse<String> answer = mcp(tokens.accessToken(), toolsCall("whoami", "{}"));
		assertInvalidToken(answer);
		assertThat(json(answer).path("error_description").asString()).isEqualTo("The access token was not issued for "
				+ RESOURCE + "; ask the authorization server for one with resource=" + RESOURCE);
	}

	@Test
	void mcpWhenGivenTheRefreshTokenThenInvalidTokenSayingToSendTheAccessToken() {
		Tokens tokens = authorize(register(), ALL_SCOPES, RESOURCE, "alice");
		HttpResponse<String> answer = mcp(tokens.refreshToken(), toolsCall("whoami", "{}"));
		assertInvalidToken(answer);
		assertThat(json(answer).path("error_description").asString()).isEqualTo(
				"This is a refresh token; send the access_token of the token response, and the refresh token only to "
						+ "the token endpoint");
	}

	@Test
	void mcpWhenGrantRevokedThenRefusedWithinCacheCeiling() {
		Tokens tokens = authorize(register(), ALL_SCOPES, RESOURCE, "alice");
		toolResult(mcp(tokens.accessToken(), toolsCall("whoami", "{}")));
		Instant cachedBy = Instant.now();
		assertThat(revokeAsResourceServer(tokens.accessToken())).isEqualTo(200);
		// a call sent once the ceiling has passed since the answer was cached is refused,
		// however slow the machine
		await().atMost(CEILING.plusSeconds(2)).until(() -> Instant.now().isAfter(cachedBy.plus(CEILING)));
		assertInvalidToken(mcp(tokens.accessToken(), toolsCall("whoami", "{}")));
	}

	@Test
	void toolsCallWhenReadOnlyTokenThenInsufficientScopeAndWorksAfterStepUp() {
		String clientId = register();
		Tokens readOnly = authorize(clientId, "tasks:read profile:read", RESOURCE, "alice");
		assertThat(toolResult(mcp(readOnly.accessToken(), toolsCall("list_items", "{}"))).toString())
			.contains("content");
		HttpResponse<String> refused = mcp(readOnly.accessToken(), toolsCall("capture_item", CAPTURE_ARGUMENTS));
		assertThat(refused.statusCode()).isEqualTo(403);
		String challenge = refused.headers().firstValue("WWW-Authenticate").orElseThrow();
		assertThat(challenge).isEqualTo("Bearer error=\"insufficient_scope\", error_description=\"This operation needs "
				+ "the scope tasks:write; re-authorize with it\", scope=\"tasks:read tasks:write profile:read\", "
				+ "resource_metadata=\"" + PUBLIC_URL + "/.well-known/oauth-protected-resource/mcp\"");
		String stepUpScope = challenge.replaceAll(".*scope=\"([^\"]*)\".*", "$1");
		Tokens stepped = authorize(clientId, stepUpScope, RESOURCE, "alice");
		assertThat(toolResult(mcp(stepped.accessToken(), toolsCall("capture_item", CAPTURE_ARGUMENTS))).toString())
			.contains("Water the plants");
	}

	@Test
	void toolsCallWhenApprovedAgainWithTasksWriteUntickedThenTheWriteToolIsRefused() {
		String clientId = register();
		AuthorizationCodeFlow person = new AuthorizationCodeFlow(ISSUER);
		Tokens all = authorize(person, clientId, ALL_SCOPES, RESOURCE, "alice");
		assertThat(toolResult(mcp(all.accessToken(), toolsCall("capture_item", CAPTURE_ARGUMENTS))).toString())
			.contains("Water the plants");
		// the same browser, asked again (a loopback client is asked every time), with
		// tasks:write unticked
		Pkce pkce = Pkce.s256();
		Map<String, String> request = AuthorizationCodeFlow.request(clientId, REDIRECT, pkce, "again");
		request.put("scope", ALL_SCOPES);
		request.put("resource", RESOURCE);
		HttpResponse<String> page = person.consentPage(person.authorize(request));
		Map<String, String> callback = AuthorizationCodeFlow
			.query(person.approve(page.body(), "tasks:read", "plan:read", "plan:write", "profile:read"));
		HttpResponse<String> answer = person.exchangeCode(clientId, callback.get("code"), pkce, REDIRECT, RESOURCE);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		assertThat(json(answer).path("scope").asString().split(" ")).doesNotContain("tasks:write");
		HttpResponse<String> refused = mcp(json(answer).path("access_token").asString(),
				toolsCall("capture_item", CAPTURE_ARGUMENTS));
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow())
			.startsWith("Bearer error=\"insufficient_scope\"");
	}

	@Test
	void toolsCallWhenReadOnlyTokenAndTheRequestIsMalformedThenIts400NotAScopeChallenge() {
		// told to re-authorize first, the client would have the person approve a scope
		// and then get the 400 all the same
		String token = authorize(register(), "tasks:read profile:read", RESOURCE, "alice").accessToken();
		String call = toolsCall("capture_item", CAPTURE_ARGUMENTS);
		String modernCall = call.replace("\"arguments\":", "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":"
				+ "\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}},\"arguments\":");
		Map<String, List<String>> requests = Map.of("-32022", List.of(call, "2099-01-01"), "-32020",
				List.of(modernCall, "2026-07-28", "Mcp-Method", "tools/call", "Mcp-Name", "whoami"), "-32602",
				List.of(call, "2026-07-28", "Mcp-Method", "tools/call", "Mcp-Name", "capture_item"), "-32600",
				List.of("[" + call + "]", "2025-11-25"));
		requests.forEach((code, request) -> {
			List<String> headers = new ArrayList<>(
					List.of("Accept", "application/json, text/event-stream", "Content-Type", "application/json",
							"Authorization", "Bearer " + token, "Mcp-Protocol-Version", request.get(1)));
			headers.addAll(request.subList(2, request.size()));
			HttpResponse<String> answer = this.http.send(HttpRequest.newBuilder(URI.create(RESOURCE))
				.POST(HttpRequest.BodyPublishers.ofString(request.get(0))), headers.toArray(String[]::new));
			assertThat(answer.statusCode()).as(code + ": " + answer.body()).isEqualTo(400);
			assertThat(answer.body()).as(code).contains("\"code\":" + code);
			assertThat(answer.headers().firstValue("WWW-Authenticate")).as(code).isEmpty();
		});
	}

	@Test
	void toolsCallWhenReadOnlyTokenAtAnotherSpellingOfTheEndpointThenTheSameInsufficientScope() {
		Tokens readOnly = authorize(register(), "tasks:read profile:read", RESOURCE, "alice");
		for (String path : List.of("/mcp/", "/%6Dcp")) {
			HttpResponse<String> refused = send(
					HttpRequest.newBuilder(URI.create(PUBLIC_URL + path))
						.POST(HttpRequest.BodyPublishers.ofString(toolsCall("capture_item", CAPTURE_ARGUMENTS))),
					readOnly.accessToken(), "Content-Type", "application/json");
			assertThat(refused.statusCode()).as(path + ": " + refused.body()).isEqualTo(403);
			assertThat(refused.headers().firstValue("WWW-Authenticate")).as(path)
				.hasValueSatisfying(
						(challenge) -> assertThat(challenge).startsWith("Bearer error=\"insufficient_scope\""));
		}
	}

	@Test
	void mcpWhenOriginOrHostIsForeignThen403WhateverElseIsWrong() {
		Tokens tokens = authorize(register(), ALL_SCOPES, RESOURCE, "alice");
		String body = toolsCall("whoami", "{}");
		// a builder keeps the headers added to it: a fresh one for every request
		Map<String, Supplier<HttpRequest.Builder>> requests = Map.of("GET /mcp",
				() -> HttpRequest.newBuilder(URI.create(RESOURCE)).GET(), "POST /mcp as text/plain",
				() -> HttpRequest.newBuilder(URI.create(RESOURCE))
					.header("Content-Type", "text/plain")
					.POST(HttpRequest.BodyPublishers.ofString(body)),
				"POST /mcp/x",
				() -> HttpRequest.newBuilder(URI.create(PUBLIC_URL + "/mcp/x"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(body)),
				"POST /mcp",
				() -> HttpRequest.newBuilder(URI.create(RESOURCE))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(body)));
		requests.forEach((name, request) -> {
			for (String token : java.util.Arrays.asList(tokens.accessToken(), null)) {
				HttpResponse<String> refused = send(request.get(), token, "Origin", "https://evil.example");
				assertThat(refused.statusCode()).as(name + " " + refused.body()).isEqualTo(403);
				assertThat(refused.body()).as(name).contains("The Origin https://evil.example is not allowed");
				assertThat(refused.headers().firstValue("Cache-Control")).as(name).hasValue("no-store");
			}
		});
		// the same requests from an allowed origin reach the other checks
		assertThat(send(requests.get("GET /mcp").get(), tokens.accessToken(), "Origin", PUBLIC_URL).statusCode())
			.isEqualTo(405);
		assertThat(send(requests.get("POST /mcp as text/plain").get(), null, "Origin", PUBLIC_URL).statusCode())
			.isEqualTo(415);
		assertThat(toolResult(send(requests.get("POST /mcp").get(), tokens.accessToken(), "Origin", PUBLIC_URL))
			.toString()).contains("alice");
	}

	@Test
	void toolWhenDefernoRefusesExchangedTokenThenGrantRevokedAndClientSignsInAgain() {
		Tokens tokens = authorize(register(), ALL_SCOPES, RESOURCE, "bob");
		assertThat(toolResult(callDeferno(tokens.accessToken())).toString()).contains("bob");
		revokeDefernoTokensOfGrant(tokens.accessToken());
		// whoami's answer is remembered for a while; a tool reading Deferno's data meets
		// the refusal at once
		assertInvalidToken(mcp(tokens.accessToken(), toolsCall("list_items", "{}")));
		assertThat(proxiedCalls("/oauth2/revoke", tokens.accessToken())).isEqualTo(1);
		// the grant is gone at the authorization server, and nothing stale is cached here
		// (no remembered profile)
		assertInvalidToken(callDeferno(tokens.accessToken()));
	}

	/** Registers a public client the way MCP Inspector does. */
	private String register() {
		HttpResponse<String> answer = this.http.postJson(ISSUER + "/oauth2/register", """
				{"redirect_uris":["%s"],"token_endpoint_auth_method":"none",
				 "grant_types":["authorization_code","refresh_token"],"response_types":["code"],
				 "client_name":"RS security IT","scope":"mcp:tools","application_type":"native"}"""
			.formatted(REDIRECT));
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
		return json(answer).path("client_id").asString();
	}

	/**
	 * The whole flow as {@code username} (password {@code sandbox}), approving every
	 * scope asked for.
	 */
	private static Tokens authorize(String clientId, String scope, String resource, String username) {
		return authorize(new AuthorizationCodeFlow(ISSUER), clientId, scope, resource, username);
	}

	/** The whole flow in {@code flow}'s browser, approving every scope asked for. */
	private static Tokens authorize(AuthorizationCodeFlow flow, String clientId, String scope, String resource,
			String username) {
		Pkce pkce = Pkce.s256();
		String state = UUID.randomUUID().toString();
		Map<String, String> request = AuthorizationCodeFlow.request(clientId, REDIRECT, pkce, state);
		request.put("scope", scope);
		request.put("resource", resource);
		Map<String, String> callback = Browser
			.query(flow.codeThroughSignInPage(request, username, "sandbox").toString());
		assertThat(callback).containsEntry("state", state).containsKey("code");
		HttpResponse<String> answer = flow.exchangeCode(clientId, callback.get("code"), pkce, REDIRECT, resource);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		return new Tokens(json(answer).path("access_token").asString(), json(answer).path("refresh_token").asString());
	}

	private static String toolsCall(String tool, String arguments) {
		return """
				{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"%s","arguments":%s}}""".formatted(tool,
				arguments);
	}

	/** A Streamable HTTP POST the way MCP clients send it. */
	private HttpResponse<String> mcp(String token, String body) {
		return send(HttpRequest.newBuilder(URI.create(RESOURCE)).POST(HttpRequest.BodyPublishers.ofString(body)), token,
				"Content-Type", "application/json");
	}

	/**
	 * {@code request} with an MCP client's headers, the token's, then {@code headers}.
	 */
	private HttpResponse<String> send(HttpRequest.Builder request, String token, String... headers) {
		List<String> all = new ArrayList<>(
				List.of("Accept", "application/json, text/event-stream", "Mcp-Protocol-Version", "2025-11-25"));
		if (token != null) {
			all.addAll(List.of("Authorization", "Bearer " + token));
		}
		all.addAll(List.of(headers));
		return this.http.send(request, all.toArray(String[]::new));
	}

	/**
	 * The whoami tool, which asks Deferno who the exchanged token belongs to (once per
	 * credential and {@code DEFERNO_PROFILE_TTL}).
	 */
	private HttpResponse<String> callDeferno(String token) {
		return mcp(token, toolsCall("whoami", "{}"));
	}

	private static JsonNode toolResult(HttpResponse<String> answer) {
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		JsonNode result = JSON.readTree(answer.body()).path("result");
		assertThat(result.path("isError").asBoolean(false)).as(answer.body()).isFalse();
		return result;
	}

	private static void assertInvalidToken(HttpResponse<String> answer) {
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(401);
		assertThat(answer.headers().firstValue("WWW-Authenticate"))
			.contains("Bearer error=\"invalid_token\", error_description=\""
					+ JSON.readTree(answer.body()).path("error_description").asString() + "\", " + SIGN_IN_CHALLENGE);
	}

	private static int proxiedCalls(String path, String token) {
		return authServerProxy
			.countRequestsMatching(postRequestedFor(urlPathEqualTo(path)).withRequestBody(containing(token)).build())
			.getCount();
	}

	/**
	 * What the resource server does after a Deferno 401, done by the test: RFC 7009 as
	 * the RS client.
	 */
	private int revokeAsResourceServer(String token) {
		return this.http
			.postForm(ISSUER + "/oauth2/revoke", Map.of("token", token, "token_type_hint", "access_token"),
					"Authorization", AuthorizationCodeFlow.basic(RS_CLIENT_ID, RS_CLIENT_SECRET))
			.statusCode();
	}

	/**
	 * Revokes, at the sandbox, the Deferno tokens of the user behind the grant (the user
	 * signs out upstream).
	 */
	private void revokeDefernoTokensOfGrant(String mcpToken) {
		HttpResponse<String> exchanged = this.http.postForm(ISSUER + "/oauth2/token",
				Map.of("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange", "subject_token", mcpToken,
						"subject_token_type", "urn:ietf:params:oauth:token-type:access_token", "requested_token_type",
						"urn:defernowork:params:oauth:token-type:deferno-api-token", "resource", RESOURCE),
				"Authorization", AuthorizationCodeFlow.basic(RS_CLIENT_ID, RS_CLIENT_SECRET));
		assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
		String bearer = "Bearer " + json(exchanged).path("access_token").asString();
		JsonNode root = json(this.http.get(sandbox.baseUrl() + "/api/auth/tokens", "Authorization", bearer));
		JsonNode items = root.has("data") ? root.path("data") : root;
		List<String> ids = new ArrayList<>();
		items.forEach((item) -> ids.add(item.path("id").asString()));
		assertThat(ids).isNotEmpty();
		for (String id : ids) {
			this.http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/api/auth/tokens/" + id)).DELETE(),
					"Authorization", bearer);
		}
		assertThat(this.http.get(sandbox.baseUrl() + "/api/auth/me", "Authorization", bearer).statusCode())
			.isEqualTo(401);
	}

	private static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

	private record Tokens(String accessToken, String refreshToken) {
	}

}
