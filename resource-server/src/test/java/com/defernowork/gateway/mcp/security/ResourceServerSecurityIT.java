package com.defernowork.gateway.mcp.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.defernowork.gateway.mcp.security.support.AuthServerStub;
import com.defernowork.gateway.mcp.security.support.ClassScopedWireMock;
import com.defernowork.gateway.mcp.security.support.HttpProbe.Answer;
import com.defernowork.gateway.mcp.security.support.HttpProbeTestSupport;
import com.defernowork.gateway.mcp.security.support.SecurityLayerTestConfig;
import com.defernowork.gateway.testsupport.RawHttp;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The security layer over real HTTP against a WireMock authorization server
 * (introspection, token exchange, revocation) and Deferno: challenges, audience, caching,
 * step-up, Deferno 401, CORS and Host/Origin checks.
 */
@SpringBootTest(classes = ResourceServerSecurityIT.Application.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ResourceServerSecurityIT extends HttpProbeTestSupport {

	static final String PUBLIC_URL = "https://mcp.example.test";

	static final String RESOURCE = PUBLIC_URL + "/mcp";

	static final String ISSUER = "http://localhost:9000";

	static final String METADATA = PUBLIC_URL + "/.well-known/oauth-protected-resource/mcp";

	static final String ALL_SCOPES = "tasks:read tasks:write plan:read plan:write profile:read";

	static String invalidTokenChallenge(String description) {
		return "Bearer error=\"invalid_token\", error_description=\"" + description + "\", resource_metadata=\""
				+ METADATA + "\", scope=\"" + ALL_SCOPES + "\"";
	}

	static final String NO_TOKEN_CHALLENGE = "Bearer resource_metadata=\"" + METADATA + "\", scope=\"" + ALL_SCOPES
			+ "\"";

	static final Duration CEILING = Duration.ofSeconds(2);

	@RegisterExtension
	static final ClassScopedWireMock stub = new ClassScopedWireMock();

	static final AuthServerStub authServer = new AuthServerStub(stub);

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		AuthServerStub.register(registry, PUBLIC_URL, ISSUER, stub::baseUrl);
		registry.add("mcp.security.cache.ceiling", () -> CEILING.toMillis() + "ms");
		registry.add("mcp.security.cache.negative-ttl", () -> "500ms");
		registry.add("mcp.security.read-timeout", () -> "2s");
	}

	static String newToken() {
		return "tok-" + UUID.randomUUID();
	}

	static Instant inOneHour() {
		return Instant.now().plus(Duration.ofHours(1));
	}

	static String toolsCall(String tool) {
		return """
				{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"%s","arguments":{}}}""".formatted(tool);
	}

	static void assertInvalidToken(Answer answer) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(401);
		assertThat(answer.header("WWW-Authenticate")).isEqualTo(invalidTokenChallenge(answer.errorDescription()));
		assertThat(answer.body()).contains("\"error\":\"invalid_token\"");
	}

	@Nested
	class Metadata {

		@Test
		void metadataWhenPathAwareThenCanonicalResourceAndIssuer() throws Exception {
			Answer answer = http.get("/.well-known/oauth-protected-resource/mcp", Map.of());
			assertMetadata(answer);
		}

		@Test
		void metadataWhenRootThenSameDocument() throws Exception {
			Answer answer = http.get("/.well-known/oauth-protected-resource", Map.of());
			assertMetadata(answer);
		}

		@Test
		void metadataWhenPathNamesAnotherResourceThenNotFound() throws Exception {
			for (String path : java.util.List.of("/.well-known/oauth-protected-resource/other",
					"/.well-known/oauth-protected-resource/mcp/tools", "/.well-known/oauth-protected-resource/")) {
				Answer answer = http.get(path, Map.of());
				assertThat(answer.status()).as(path).isEqualTo(404);
				assertThat(answer.body()).as(path)
					.doesNotContain("authorization_servers")
					.contains("\"error_description\":\"No protected resource is described at this path: "
							+ "/mcp's metadata is at /.well-known/oauth-protected-resource/mcp\"");
				assertThat(answer.header("Content-Type")).as(path).startsWith("application/json");
				assertThat(answer.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
				assertThat(answer.header("Cache-Control")).as(path).isEqualTo("no-store");
			}
		}

		@Test
		void metadataWhenMethodIsNotGetThen405WithAllow() {
			for (String path : java.util.List.of("/.well-known/oauth-protected-resource",
					"/.well-known/oauth-protected-resource/mcp")) {
				for (HttpMethod method : java.util.List.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE)) {
					Answer answer = http.send(method, path, Map.of(), null);
					assertThat(answer.status()).as(method + " " + path).isEqualTo(405);
					assertThat(answer.header("Allow")).as(method + " " + path).isEqualTo("GET,HEAD,OPTIONS");
					assertThat(answer.body()).contains("\"error\":\"invalid_request\"");
				}
				Answer options = http.send(HttpMethod.OPTIONS, path, Map.of(), null);
				assertThat(options.status()).as("OPTIONS " + path).isEqualTo(204);
				assertThat(options.header("Allow")).as("OPTIONS " + path).isEqualTo("GET,HEAD,OPTIONS");
			}
		}

		@Test
		void metadataWhenHeadThenTheHeadersOfGetWithoutTheBody() throws Exception {
			URI base = URI.create("http://127.0.0.1:" + port);
			for (String path : java.util.List.of("/.well-known/oauth-protected-resource",
					"/.well-known/oauth-protected-resource/mcp")) {
				Answer get = http.get(path, Map.of());
				// raw: an HTTP client reads no body after a HEAD, whatever was sent
				String head = RawHttp.exchange(base, "HEAD", path, Map.of(), null);
				assertThat(head).as(path)
					.startsWith("HTTP/1.1 200")
					.containsIgnoringCase("Content-Type: " + get.header("Content-Type"))
					.containsIgnoringCase("Content-Length: " + get.body().getBytes(StandardCharsets.UTF_8).length);
				assertThat(RawHttp.body(head)).as(path).isEmpty();
			}
			assertThat(RawHttp.exchange(base, "HEAD", "/.well-known/oauth-protected-resource/other", Map.of(), null))
				.startsWith("HTTP/1.1 404");
		}

		@Test
		void requestWhenForwardedHeaderCannotBeAppliedThen400NotAServerError() {
			// the second path is refused by a filter of ours too: the forwarded headers
			// are checked first
			for (String path : java.util.List.of("/.well-known/oauth-protected-resource/mcp",
					"/.well-known/oauth-protected-resource/other")) {
				for (Map.Entry<String, String> header : Map.of("X-Forwarded-Prefix", "%zz", "X-Forwarded-Port", "abc")
					.entrySet()) {
					Answer answer = http.get(path, Map.of(header.getKey(), header.getValue(), "Host",
							"localhost:" + port, "Accept", "application/json"));
					assertThat(answer.status()).as(path + " " + header.getKey()).isEqualTo(400);
					assertThat(answer.body()).as(path + " " + header.getKey())
						.contains("\"status\":400")
						.doesNotContain("<html");
				}
			}
		}

		@Test
		void anyPathWhenBodyIsABrokenFormOrMultipartWithoutBoundaryThenNeverAServerError() throws Exception {
			java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
			for (String path : java.util.List.of("/.well-known/oauth-protected-resource",
					"/.well-known/oauth-protected-resource/mcp", "/", "/actuator/health")) {
				for (String method : java.util.List.of("POST", "PUT", "PATCH", "DELETE")) {
					for (String type : java.util.List.of("application/x-www-form-urlencoded", "multipart/form-data")) {
						java.net.http.HttpResponse<String> response = client.send(java.net.http.HttpRequest
							.newBuilder(java.net.URI
								.create("http://127.0.0.1:" + ResourceServerSecurityIT.this.port + path))
							.method(method, java.net.http.HttpRequest.BodyPublishers.ofString("a=%zz"))
							.header("Content-Type", type)
							.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
						assertThat(response.statusCode()).as(method + " " + path + " " + type + " " + response.body())
							.isLessThan(500);
					}
				}
			}
		}

		private void assertMetadata(Answer answer) throws Exception {
			assertThat(answer.status()).isEqualTo(200);
			Map<?, ?> document = tools.jackson.databind.json.JsonMapper.builder()
				.build()
				.readValue(answer.body(), Map.class);
			assertThat(document.get("resource")).isEqualTo(RESOURCE);
			assertThat(document.get("authorization_servers")).isEqualTo(java.util.List.of(ISSUER));
			assertThat(document.get("scopes_supported")).isEqualTo(java.util.List.of(ALL_SCOPES.split(" ")));
			assertThat(document.get("bearer_methods_supported")).isEqualTo(java.util.List.of("header"));
			assertThat(document.get("resource_name")).isEqualTo("Deferno MCP gateway");
			assertThat(document.containsKey("tls_client_certificate_bound_access_tokens")).as(answer.body()).isFalse();
		}

	}

	@Nested
	class InvalidTokens {

		@Test
		void mcpWhenNoBearerTokenThenChallengeWithoutAnErrorCode() {
			// RFC 6750 §3.1: no authentication information, no error code
			Answer none = http.postMcp(null, toolsCall("whoami"));
			Answer basic = http.send(HttpMethod.POST, "/mcp", Map.of("Authorization", "Basic dXNlcjpwYXNz"),
					toolsCall("whoami"));
			for (Answer answer : List.of(none, basic)) {
				assertThat(answer.status()).as(answer.body()).isEqualTo(401);
				assertThat(answer.header("WWW-Authenticate")).isEqualTo(NO_TOKEN_CHALLENGE);
				assertThat(answer.body()).contains("A bearer token is required").doesNotContain("\"error\"");
			}
		}

		@Test
		void mcpWhenUnknownTokenThenInvalidTokenChallenge() {
			assertInvalidToken(http.postMcp("garbage-" + UUID.randomUUID(), toolsCall("whoami")));
		}

		@Test
		void mcpWhenMalformedHeaderThenInvalidTokenChallengeNot400() {
			Answer answer = http.send(HttpMethod.POST, "/mcp", Map.of("Authorization", "Bearer not a token!"),
					toolsCall("whoami"));
			assertInvalidToken(answer);
		}

		@Test
		void mcpWhenSeveralSpacesOrAnotherCaseAfterTheSchemeThenTheTokenIsTaken() {
			// RFC 6750 §2.1: "Bearer" 1*SP b64token; the scheme's case does not matter
			String token = newToken();
			authServer.activeToken(token, ALL_SCOPES, RESOURCE, inOneHour());
			for (String authorization : List.of("Bearer  " + token, "bearer   " + token)) {
				Answer answer = http.send(HttpMethod.POST, "/mcp", Map.of("Authorization", authorization),
						toolsCall("whoami"));
				assertThat(answer.status()).as(authorization + ": " + answer.body()).isEqualTo(200);
			}
		}

		@Test
		void mcpWhenTwoAuthorizationHeadersThenRefusedNotTheFirstTaken() throws Exception {
			// nginx refuses them; a server reached directly must not pick one
			String token = newToken();
			authServer.activeToken(token, ALL_SCOPES, RESOURCE, inOneHour());
			try (java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient()) {
				java.net.http.HttpResponse<String> answer = client.send(java.net.http.HttpRequest
					.newBuilder(java.net.URI.create("http://127.0.0.1:" + ResourceServerSecurityIT.this.port + "/mcp"))
					.header("Authorization", "Bearer " + token)
					.header("Authorization", "Bearer other-" + token)
					.header("Content-Type", "application/json")
					.header("Accept", "application/json, text/event-stream")
					.POST(java.net.http.HttpRequest.BodyPublishers.ofString(toolsCall("whoami")))
					.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
				org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
				answer.headers().map().forEach(headers::addAll);
				assertInvalidToken(new Answer(answer.statusCode(), headers, answer.body()));
				assertThat(answer.body()).contains("one Authorization header");
			}
			assertThat(authServer.introspectionsOf(token)).isZero();
		}

		@Test
		void mcpWhenTokenInQueryStringThenRefused() {
			String token = newToken();
			authServer.activeToken(token, ALL_SCOPES, RESOURCE, inOneHour());
			Answer answer = http.send(HttpMethod.POST, "/mcp?access_token=" + token, Map.of(), toolsCall("whoami"));
			// the query is not a way this server takes tokens: none was sent (RFC 6750
			// §3.1)
			assertThat(answer.status()).as(answer.body()).isEqualTo(401);
			assertThat(answer.header("WWW-Authenticate")).isEqualTo(NO_TOKEN_CHALLENGE);
			assertThat(answer.body()).doesNotContain("\"error\"").contains("in the Authorization header");
			Answer both = http.send(HttpMethod.POST, "/mcp?access_token=" + token,
					Map.of("Authorization", "Bearer " + token), toolsCall("whoami"));
			assertInvalidToken(both);
			assertThat(both.body()).contains("never in the query string");
			assertThat(authServer.introspectionsOf(token)).isZero();
		}

		@Test
		void mcpWhenExpiredTokenThenInvalidTokenChallenge() {
			String token = newToken();
			authServer.activeToken(token, ALL_SCOPES, RESOURCE, Instant.now().minusSeconds(5));
			assertInvalidToken(http.postMcp(token, toolsCall("whoami")));
		}

		@Test
		void mcpWhenTokenForOtherAudienceThenInvalidTokenChallenge() {
			String token = newToken();
			authServer.activeToken(token, ALL_SCOPES, "https://other.example.test/mcp", inOneHour());
			assertInvalidToken(http.postMcp(token, toolsCall("whoami")));
		}

		@Test
		void errorPathWhenRequestedDirectlyThen404WithOrWithoutToken() {
			String token = newToken();
			authServer.activeToken(token, ALL_SCOPES, RESOURCE, inOneHour());
			for (Map<String, String> headers : List.of(Map.<String, String>of(),
					Map.of("Authorization", "Bearer " + token))) {
				Answer answer = http.get("/error", headers);
				assertThat(answer.status()).isEqualTo(404);
				assertThat(answer.body()).contains("\"status\":404").doesNotContain("Exception");
			}
		}

		@Test
		void mcpWhenUnknownTokenRepeatedThenNegativelyCached() {
			String token = newToken();
			authServer.inactiveToken(token);
			Answer first = http.postMcp(token, toolsCall("whoami"));
			assertInvalidToken(first);
			// what happened and what to do, not the framework's "isn't active"
			assertThat(first.body()).contains("The access token is not active: it expired, was revoked")
				.contains("refresh it, or sign in again");
			assertInvalidToken(http.postMcp(token, toolsCall("whoami")));
			assertThat(authServer.introspectionsOf(token)).isEqualTo(1);
		}

	}

	@Nested
	class Introspection {

		@Test
		void mcpWhenValidTokenThenPassesWithSubject() {
			String token = newToken();
			authServer.activeToken(token, ALL_SCOPES, RESOURCE, inOneHour());
			Answer answer = http.postMcp(token, toolsCall("whoami"));
			assertThat(answer.status()).isEqualTo(200);
			assertThat(answer.body()).contains("\"user\":\"u-alice1\"");
		}

		@Test
		void mcpWhenSameTokenWithinTtlThenIntrospectedOnce() {
			String token = newToken();
			authServer.activeToken(token, ALL_SCOPES, RESOURCE, inOneHour());
			long start = System.nanoTime();
			for (int i = 0; i < 5; i++) {
				assertThat(http.postMcp(token, toolsCall("whoami")).status()).isEqualTo(200);
			}
			// an answer is kept for at least four fifths of the ceiling: once, unless the
			// machine was slower than that
			long kept = CEILING.multipliedBy(4).dividedBy(5).toNanos();
			assertThat(authServer.introspectionsOf(token)).isBetween(1, 1 + (int) ((System.nanoTime() - start) / kept));
		}

		@Test
		void mcpWhenTokenRevokedThenRefusedWithinCeiling() {
			String token = newToken();
			authServer.activeToken(token, ALL_SCOPES, RESOURCE, inOneHour());
			assertThat(http.postMcp(token, toolsCall("whoami")).status()).isEqualTo(200);
			Instant cachedBy = Instant.now();
			authServer.inactiveToken(token);
			// a call sent once the ceiling has passed since the answer was cached is
			// refused, however slow the machine
			await().atMost(CEILING.plusSeconds(2)).until(() -> Instant.now().isAfter(cachedBy.plus(CEILING)));
			assertInvalidToken(http.postMcp(token, toolsCall("whoami")));
		}

	}

	@Test
	void mcpWhenAuthServerUnreachableThen503NotChallenge() {
		String token = newToken();
		stub.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/oauth2/introspect"))
			.withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.equalTo("token=" + token))
			.willReturn(aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)));
		Answer answer = http.postMcp(token, toolsCall("whoami"));
		assertThat(answer.status()).as(answer.body()).isEqualTo(503);
		assertThat(answer.header("Retry-After")).isEqualTo("5");
		assertThat(answer.body()).contains("temporarily_unavailable");
		// what the operator looks up in the logs
		assertThat(answer.header("X-Trace-Id")).matches("[0-9a-f]{32}");
	}

	@Test
	void mcpWhenAuthServerHangsThen503AfterReadTimeout() {
		String token = newToken();
		stub.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/oauth2/introspect"))
			.withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.equalTo("token=" + token))
			.willReturn(okJson("{\"active\":false}").withFixedDelay(6000)));
		Instant start = Instant.now();
		Answer answer = http.postMcp(token, toolsCall("whoami"));
		assertThat(answer.status()).as(answer.body()).isEqualTo(503);
		assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
	}

	@Nested
	class StepUp {

		static final String INSUFFICIENT = "Bearer error=\"insufficient_scope\", error_description=\"This operation "
				+ "needs the scope %s; re-authorize with it\", scope=\"%s\", resource_metadata=\"" + METADATA + "\"";

		@Test
		void toolsCallWhenReadOnlyTokenCallsWriteToolThenInsufficientScope() {
			String token = newToken();
			authServer.activeToken(token, "tasks:read profile:read", RESOURCE, inOneHour());
			Answer answer = http.postMcp(token, toolsCall("create_item"));
			assertThat(answer.status()).isEqualTo(403);
			assertThat(answer.header("WWW-Authenticate"))
				.isEqualTo(INSUFFICIENT.formatted("tasks:write", "tasks:read tasks:write profile:read"));
			assertThat(answer.body()).contains("\"error\":\"insufficient_scope\"");
		}

		@Test
		void toolsCallWhenWriteScopeThenReadToolAllowed() {
			String token = newToken();
			authServer.activeToken(token, "tasks:write", RESOURCE, inOneHour());
			assertThat(http.postMcp(token, toolsCall("list_items")).status()).isEqualTo(200);
			assertThat(http.postMcp(token, toolsCall("create_item")).status()).isEqualTo(200);
		}

		@Test
		void batchWhenOneMessageNeedsMissingScopesThenAllNeededInOneChallenge() {
			String token = newToken();
			authServer.activeToken(token, "tasks:read", RESOURCE, inOneHour());
			String batch = "[" + toolsCall("list_items") + "," + toolsCall("add_to_items_plan") + ","
					+ toolsCall("whoami") + "]";
			Answer answer = http.postMcp(token, batch);
			assertThat(answer.status()).isEqualTo(403);
			assertThat(answer.header("WWW-Authenticate"))
				.isEqualTo(INSUFFICIENT.formatted("plan:write profile:read", "tasks:read plan:write profile:read"));
		}

		@Test
		void resourcesReadWhenScopeMissingThenInsufficientScope() {
			String token = newToken();
			authServer.activeToken(token, "tasks:read", RESOURCE, inOneHour());
			Answer answer = http.postMcp(token, """
					{"jsonrpc":"2.0","id":2,"method":"resources/read","params":{"uri":"deferno://plan/today"}}""");
			assertThat(answer.status()).isEqualTo(403);
			assertThat(answer.header("WWW-Authenticate"))
				.isEqualTo(INSUFFICIENT.formatted("plan:read", "tasks:read plan:read"));
		}

		@Test
		void postWhenBodyIsNotJsonOrNotACallThenPassedOn() {
			String token = newToken();
			authServer.activeToken(token, "tasks:read", RESOURCE, inOneHour());
			Answer notJson = http.postMcp(token, "{not json");
			assertThat(notJson.status()).isEqualTo(200);
			assertThat(notJson.body()).contains("{not json");
			Answer list = http.postMcp(token, """
					{"jsonrpc":"2.0","id":3,"method":"tools/list"}""");
			assertThat(list.status()).isEqualTo(200);
			assertThat(list.body()).contains("tools/list");
		}

	}

	@Nested
	class DefernoToken {

		static final Map<String, String> CALL_DEFERNO = Map.of("X-Call-Deferno", "yes");

		private Answer callDeferno(String token) {
			return http.send(HttpMethod.POST, "/mcp",
					Map.of("Authorization", "Bearer " + token, "X-Call-Deferno", "yes"), toolsCall("whoami"));
		}

		@Test
		void toolWhenDefernoCalledThenExchangedTokenUsedAndCached() {
			String token = newToken();
			String defernoToken = "dfr-" + UUID.randomUUID();
			authServer.activeToken(token, ALL_SCOPES, RESOURCE, inOneHour());
			authServer.exchange(token, defernoToken, 300);
			stub.stubFor(get(urlPathEqualTo("/api/auth/me"))
				.withHeader("Authorization",
						com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer " + defernoToken))
				.willReturn(okJson("{\"id\":\"u-alice1\",\"username\":\"alice\"}")));
			for (int i = 0; i < 3; i++) {
				Answer answer = callDeferno(token);
				assertThat(answer.status()).isEqualTo(200);
				assertThat(answer.body()).contains("alice");
			}
			assertThat(authServer.exchangesOf(token)).isEqualTo(1);
		}

		@Test
		void toolWhenDefernoAnswers401ThenGrantRevokedAndClientGets401() {
			String token = newToken();
			String defernoToken = "dfr-" + UUID.randomUUID();
			authServer.activeToken(token, ALL_SCOPES, RESOURCE, inOneHour());
			authServer.exchange(token, defernoToken, 300);
			stub.stubFor(get(urlPathEqualTo("/api/auth/me"))
				.withHeader("Authorization",
						com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer " + defernoToken))
				// Deferno's own refusal, in its envelope
				.willReturn(aResponse().withStatus(401)
					.withHeader("Content-Type", "application/json")
					.withBody("{\"version\":\"0.2\",\"data\":null,\"error\":{\"code\":\"unauthorized\","
							+ "\"message\":\"missing or invalid token\"}}")));
			Answer answer = callDeferno(token);
			assertInvalidToken(answer);
			assertThat(authServer.revocationBodies()).anySatisfy((body) -> assertThat(body).contains("token=" + token));
			// both caches dropped: the next call asks the authorization server again
			assertThat(http.postMcp(token, toolsCall("whoami")).status()).isEqualTo(200);
			assertThat(authServer.introspectionsOf(token)).isEqualTo(2);
			callDeferno(token);
			assertThat(authServer.exchangesOf(token)).isEqualTo(2);
		}

		@Test
		void toolWhenExchangeRefusedThenClientGets401() {
			String token = newToken();
			authServer.activeToken(token, ALL_SCOPES, RESOURCE, inOneHour());
			authServer.exchangeRefused(token);
			assertInvalidToken(callDeferno(token));
		}

	}

	@Nested
	class BrowserSafety {

		@Test
		void postWhenCrossOriginWithAMediaRangeContentTypeThenTheEndpointsOwnAnswerNotAServerError() throws Exception {
			// Spring's CORS processing adds the request's encoding to its Content-Type
			// and refuses to build a type with a wildcard; sent raw (RestClient would
			// replace the wildcard with its converter's type)
			String token = newToken();
			authServer.activeToken(token, ALL_SCOPES, RESOURCE, inOneHour());
			try (java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient()) {
				for (String type : List.of("*/*", "text/*", "application/*")) {
					java.net.http.HttpResponse<String> answer = client.send(java.net.http.HttpRequest
						.newBuilder(
								java.net.URI.create("http://127.0.0.1:" + ResourceServerSecurityIT.this.port + "/mcp"))
						.header("Authorization", "Bearer " + token)
						.header("Origin", "http://localhost:6274")
						.header("Content-Type", type)
						.header("Accept", "application/json, text/event-stream")
						.POST(java.net.http.HttpRequest.BodyPublishers.ofString(toolsCall("whoami")))
						.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
					// the stand-in endpoint here takes any body; the real one refuses it
					// (McpDualEraTests)
					assertThat(answer.statusCode()).as(type).isEqualTo(200);
					assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).as(type)
						.hasValue("http://localhost:6274");
				}
			}
		}

		@Test
		void preflightWhenLoopbackOriginThenAllowedWithHeaders() {
			Answer answer = http
				.send(HttpMethod.OPTIONS, "/mcp",
						Map.of("Origin", "http://localhost:6274", "Access-Control-Request-Method", "POST",
								"Access-Control-Request-Headers", "authorization,content-type,mcp-protocol-version"),
						null);
			assertThat(answer.status()).isEqualTo(200);
			assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost:6274");
			assertThat(answer.header("Access-Control-Allow-Headers")).containsIgnoringCase("authorization");
			// GET is answered 405, which browser SDKs expect; there is no session to
			// DELETE
			assertThat(answer.header("Access-Control-Allow-Methods")).isEqualTo("GET,HEAD,POST,OPTIONS");
		}

		@Test
		void preflightWhenModernRoutingAndTraceHeadersThenAllowed() {
			Answer answer = http.send(HttpMethod.OPTIONS, "/mcp",
					Map.of("Origin", "http://localhost:6274", "Access-Control-Request-Method", "POST",
							"Access-Control-Request-Headers",
							"authorization,content-type,mcp-protocol-version,mcp-method,mcp-name,traceparent"),
					null);
			assertThat(answer.status()).isEqualTo(200);
			assertThat(answer.header("Access-Control-Allow-Headers")).containsIgnoringCase("mcp-method")
				.containsIgnoringCase("mcp-name")
				.containsIgnoringCase("traceparent");
		}

		@Test
		void preflightWhenAnAllowedOriginAsksForAMethodOrHeaderNotTakenThen403Json() {
			for (Map<String, String> asked : List.of(Map.of("Access-Control-Request-Method", "DELETE"),
					Map.of("Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "x-custom"))) {
				Map<String, String> headers = new java.util.HashMap<>(asked);
				headers.put("Origin", "http://localhost:6274");
				Answer answer = http.send(HttpMethod.OPTIONS, "/mcp", headers, null);
				assertThat(answer.status()).as(asked.toString()).isEqualTo(403);
				assertThat(answer.header("Access-Control-Allow-Origin")).as(asked.toString()).isNull();
				assertThat(answer.body()).as(asked.toString()).contains("\"forbidden\"").doesNotContain("Invalid CORS");
			}
		}

		@Test
		void challengeWhenCrossOriginThenWwwAuthenticateExposed() {
			Answer answer = http.send(HttpMethod.POST, "/mcp", Map.of("Origin", PUBLIC_URL), toolsCall("whoami"));
			assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer resource_metadata=");
			assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo(PUBLIC_URL);
			// no session id is ever sent; when to come back after a 503 is read too, and
			// the trace to quote
			assertThat(answer.header("Access-Control-Expose-Headers"))
				.isEqualTo("WWW-Authenticate, Retry-After, X-Trace-Id");
			assertThat(answer.header("X-Trace-Id")).matches("[0-9a-f]{32}");
		}

		@Test
		void metadataWhenCrossOriginThenCorsAllowed() {
			Answer answer = http.get("/.well-known/oauth-protected-resource/mcp",
					Map.of("Origin", "http://127.0.0.1:6274"));
			assertThat(answer.status()).isEqualTo(200);
			assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo("http://127.0.0.1:6274");
			Answer preflight = http.send(HttpMethod.OPTIONS, "/.well-known/oauth-protected-resource/mcp",
					Map.of("Origin", "http://127.0.0.1:6274", "Access-Control-Request-Method", "GET"), null);
			assertThat(preflight.status()).isEqualTo(200);
			assertThat(preflight.header("Access-Control-Allow-Methods")).isEqualTo("GET,HEAD,OPTIONS");
		}

		/**
		 * An origin's scheme and host compare without regard to case (RFC 6454), and the
		 * answer names the origin as sent; one with a trailing slash is no origin.
		 */
		@Test
		void requestWhenOriginInUpperCaseThenAllowedAndWithATrailingSlashForbidden() {
			Answer upper = http.send(HttpMethod.OPTIONS, "/mcp",
					Map.of("Origin", "http://LOCALHOST:6274", "Access-Control-Request-Method", "POST"), null);
			assertThat(upper.status()).as(upper.body()).isEqualTo(200);
			assertThat(upper.header("Access-Control-Allow-Origin")).isEqualTo("http://LOCALHOST:6274");
			Answer slash = http.send(HttpMethod.POST, "/mcp", Map.of("Origin", "http://localhost:6274/"),
					toolsCall("whoami"));
			assertThat(slash.status()).isEqualTo(403);
			assertThat(slash.body()).contains("The Origin http://localhost:6274/ is not allowed");
		}

		@Test
		void requestWhenForeignOriginThenForbidden() {
			Answer answer = http.send(HttpMethod.POST, "/mcp", Map.of("Origin", "https://evil.example"),
					toolsCall("whoami"));
			assertThat(answer.status()).isEqualTo(403);
			assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
			assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
			Answer preflight = http.send(HttpMethod.OPTIONS, "/mcp",
					Map.of("Origin", "https://evil.example", "Access-Control-Request-Method", "POST"), null);
			assertThat(preflight.status()).isEqualTo(403);
			assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
		}

		@Test
		void requestWhenOriginSentTwiceThenForbiddenWhicheverComesFirst() throws Exception {
			URI base = URI.create("http://127.0.0.1:" + port);
			String allowed = "http://127.0.0.1:6274";
			for (List<String> origins : List.of(List.of(allowed, "https://evil.example"),
					List.of("https://evil.example", allowed), List.of(allowed, allowed))) {
				// raw: an HTTP client joins or refuses a repeated Origin
				String answer = RawHttp.exchange(
						base, "POST", "/mcp", Map.of("Content-Type", "application/json", "Accept",
								"application/json, text/event-stream", "Origin", String.join("\r\nOrigin: ", origins)),
						toolsCall("whoami"));
				assertThat(answer).as(origins.toString()).startsWith("HTTP/1.1 403");
				assertThat(RawHttp.body(answer)).contains("The Origin header was sent more than once");
			}
		}

		@Test
		void requestWhenOriginHoldsQuotesAndBackslashesThenForbiddenWithValidJson() throws Exception {
			String hostile = "https://evil.example/\\\"x";
			Answer answer = http.send(HttpMethod.POST, "/mcp", Map.of("Origin", hostile), toolsCall("whoami"));
			assertThat(answer.status()).isEqualTo(403);
			Map<?, ?> body = tools.jackson.databind.json.JsonMapper.builder()
				.build()
				.readValue(answer.body(), Map.class);
			assertThat(body.get("error")).isEqualTo("forbidden");
			assertThat((String) body.get("error_description")).contains(hostile);
		}

		@Test
		void requestWhenForeignHostThenForbidden() {
			String token = newToken();
			authServer.activeToken(token, ALL_SCOPES, RESOURCE, inOneHour());
			Answer answer = http.send(HttpMethod.POST, "/mcp",
					Map.of("Host", "rebind.evil.example:" + port, "Authorization", "Bearer " + token),
					toolsCall("whoami"));
			assertThat(answer.status()).isEqualTo(403);
			assertThat(authServer.introspectionsOf(token)).isZero();
			assertThat(http.get("/.well-known/oauth-protected-resource/mcp", Map.of("Host", "rebind.evil.example"))
				.status()).isEqualTo(403);
		}

		@Test
		void requestWhenForeignHostClaimsForwardedLoopbackThenForbidden() {
			Answer answer = http.get("/.well-known/oauth-protected-resource/mcp",
					Map.of("Host", "rebind.evil.example:" + port, "X-Forwarded-Host", "localhost"));
			assertThat(answer.status()).isEqualTo(403);
		}

		@Test
		void requestWhenLoopbackHostForwardsAForeignOneThenTheForeignOneIsNamed() {
			Answer answer = http.get("/.well-known/oauth-protected-resource/mcp",
					Map.of("Host", "127.0.0.1:" + port, "X-Forwarded-Host", "evil.example"));
			assertThat(answer.status()).isEqualTo(403);
			assertThat(answer.body()).contains("The Host evil.example is not served here").doesNotContain("127.0.0.1");
		}

		@Test
		void requestWhenPublicHostThenAllowed() {
			assertThat(
					http.get("/.well-known/oauth-protected-resource/mcp", Map.of("Host", "mcp.example.test")).status())
				.isEqualTo(200);
		}

	}

	@Test
	void mcpWhenCalledThenRequestAndClientObservedButNotEachSecurityFilter() {
		String token = newToken();
		authServer.activeToken(token, ALL_SCOPES, RESOURCE, inOneHour());
		Application.observed.clear();
		assertThat(http.postMcp(token, toolsCall("whoami")).status()).isEqualTo(200);
		// the server-request and HTTP-client observations (latency, trace context) stay;
		// Spring Security's per-filter, authentication and authorization observations are
		// off
		await().atMost(Duration.ofSeconds(5)).until(() -> Application.observed.contains("http.server.requests"));
		assertThat(Application.observed).contains("http.client.requests")
			.noneMatch((name) -> name.startsWith("spring.security."));
	}

	/**
	 * Anyone reaching the port while the actuator shares it (no management port): a
	 * method the actuator does not serve is the client's mistake, answered 405, not a
	 * WARN quoting Spring's exception, and health is the status alone (its details name
	 * internal addresses and upstream answers).
	 */
	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void actuatorWhenAskedWithAnotherMethodThen405NothingLoggedAndHealthTheStatusAlone(CapturedOutput output)
			throws Exception {
		HttpClient client = HttpClient.newHttpClient();
		URI health = URI.create("http://127.0.0.1:" + this.port + "/actuator/health");
		for (String method : List.of("PUT", "POST", "DELETE", "PATCH")) {
			HttpResponse<String> response = client.send(
					HttpRequest.newBuilder(health).method(method, HttpRequest.BodyPublishers.noBody()).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(method + " " + response.body()).isEqualTo(405);
		}
		assertThat(output.getAll()).doesNotContain("HttpRequestMethodNotSupportedException");
		String body = client.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString()).body();
		assertThat(body).contains("\"status\":")
			.doesNotContain("components", "details", "diskSpace", Path.of("").toAbsolutePath().toString());
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@Import(SecurityLayerTestConfig.class)
	static class Application {

		static final List<String> observed = new CopyOnWriteArrayList<>();

		@Bean
		ObservationHandler<Observation.Context> recordingObservationHandler() {
			return new ObservationHandler<>() {

				@Override
				public void onStart(Observation.Context context) {
					observed.add(context.getName());
				}

				@Override
				public boolean supportsContext(Observation.Context context) {
					return true;
				}

			};
		}

	}

}
