package com.defernowork.gateway.mcp.security.support;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import com.defernowork.gateway.model.exchange.TokenExchange;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;

import org.springframework.test.context.DynamicPropertyRegistry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * A WireMock stand-in for the authorization server's introspection, token-exchange and
 * revocation endpoints (docs/wiring.md), answering only a correctly authenticated
 * resource-server client.
 */
public final class AuthServerStub {

	public static final String CLIENT_ID = "rs-test-client";

	public static final String CLIENT_SECRET = "rs-test-secret";

	private final WireMockServer server;

	/**
	 * The resource server's settings with WireMock at {@code stubUrl} as its
	 * authorization server and as Deferno, this stub's credentials its own.
	 */
	public static void register(DynamicPropertyRegistry registry, String publicUrl, String issuer,
			Supplier<String> stubUrl) {
		registry.add("mcp.security.public-url", () -> publicUrl);
		registry.add("mcp.security.issuer", () -> issuer);
		registry.add("mcp.security.internal-url", stubUrl::get);
		registry.add("mcp.security.client-id", () -> CLIENT_ID);
		registry.add("mcp.security.client-secret", () -> CLIENT_SECRET);
		registry.add("deferno.base-url", () -> stubUrl.get() + "/api");
		registry.add("deferno.token", () -> "");
	}

	public AuthServerStub(WireMockServer server) {
		this.server = server;
		// anything not stubbed is an unknown token
		server.stubFor(post(urlPathEqualTo("/oauth2/introspect")).atPriority(10)
			.withBasicAuth(CLIENT_ID, CLIENT_SECRET)
			.willReturn(okJson("{\"active\":false}")));
		server.stubFor(post(urlPathEqualTo("/oauth2/revoke")).withBasicAuth(CLIENT_ID, CLIENT_SECRET)
			.willReturn(aResponse().withStatus(200)));
	}

	public StubMapping activeToken(String token, String scope, String audience, Instant expiresAt) {
		String body = """
				{"active":true,"scope":"%s","client_id":"mcp-client","sub":"u-alice1","username":"alice",
				 "aud":["%s"],"iss":"http://localhost:9000","exp":%d,"iat":%d,"token_type":"Bearer"}""".formatted(scope,
				audience, expiresAt.getEpochSecond(), Instant.now().getEpochSecond());
		return this.server.stubFor(introspectionOf(token).willReturn(okJson(body)));
	}

	public StubMapping inactiveToken(String token) {
		return this.server.stubFor(introspectionOf(token).willReturn(okJson("{\"active\":false}")));
	}

	public void exchange(String mcpToken, String defernoToken, int expiresIn) {
		this.server.stubFor(exchangeOf(mcpToken).willReturn(okJson("""
				{"access_token":"%s","issued_token_type":"urn:defernowork:params:oauth:token-type:deferno-api-token",
				 "token_type":"Bearer","expires_in":%d}""".formatted(defernoToken, expiresIn))));
	}

	public void exchangeRefused(String mcpToken) {
		this.server.stubFor(exchangeOf(mcpToken).willReturn(aResponse().withStatus(400)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"error\":\"invalid_request\",\"error_uri\":\"" + TokenExchange.SUBJECT_TOKEN_REFUSED_URI
					+ "\"}")));
	}

	public int introspectionsOf(String token) {
		return this.server
			.countRequestsMatching(
					postRequestedFor(urlPathEqualTo("/oauth2/introspect")).withRequestBody(containing("token=" + token))
						.build())
			.getCount();
	}

	public int exchangesOf(String token) {
		return this.server
			.countRequestsMatching(postRequestedFor(urlPathEqualTo("/oauth2/token"))
				.withRequestBody(containing("subject_token=" + token))
				.build())
			.getCount();
	}

	public List<String> revocationBodies() {
		return this.server.findAll(postRequestedFor(urlPathEqualTo("/oauth2/revoke")))
			.stream()
			.map((request) -> request.getBodyAsString())
			.toList();
	}

	private static com.github.tomakehurst.wiremock.client.MappingBuilder introspectionOf(String token) {
		return post(urlPathEqualTo("/oauth2/introspect")).withBasicAuth(CLIENT_ID, CLIENT_SECRET)
			.withRequestBody(WireMock.equalTo("token=" + token));
	}

	private static com.github.tomakehurst.wiremock.client.MappingBuilder exchangeOf(String token) {
		return post(urlPathEqualTo("/oauth2/token")).withBasicAuth(CLIENT_ID, CLIENT_SECRET)
			.withRequestBody(containing("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange"))
			.withRequestBody(containing("subject_token=" + token + "&"))
			.withRequestBody(containing(
					"requested_token_type=urn%3Adefernowork%3Aparams%3Aoauth%3Atoken-type%3Adeferno-api-token"))
			.withRequestBody(containing("resource=https%3A%2F%2Fmcp.example.test%2Fmcp"));
	}

}
