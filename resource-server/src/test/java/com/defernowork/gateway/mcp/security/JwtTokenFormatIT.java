package com.defernowork.gateway.mcp.security;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.defernowork.gateway.mcp.security.support.ClassScopedWireMock;
import com.defernowork.gateway.mcp.security.support.HttpProbe.Answer;
import com.defernowork.gateway.mcp.security.support.HttpProbeTestSupport;
import com.defernowork.gateway.mcp.security.support.SecurityLayerTestConfig;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code mcp.security.token-format=jwt}: access tokens validated locally against the
 * authorization server's JWKS, with the same issuer, audience, expiry and scope checks
 * and the same challenges as introspection.
 */
@SpringBootTest(classes = JwtTokenFormatIT.Application.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JwtTokenFormatIT extends HttpProbeTestSupport {

	static final String PUBLIC_URL = "https://mcp.example.test";

	static final String RESOURCE = PUBLIC_URL + "/mcp";

	static final String ISSUER = "http://localhost:9000";

	static final String METADATA = PUBLIC_URL + "/.well-known/oauth-protected-resource/mcp";

	static final String INVALID_TOKEN_CHALLENGE = "Bearer error=\"invalid_token\", resource_metadata=\"" + METADATA
			+ "\", scope=\"tasks:read tasks:write plan:read plan:write profile:read\"";

	@RegisterExtension
	static final ClassScopedWireMock stub = new ClassScopedWireMock();

	static final RSAKey signingKey = generateKey();

	static {
		stub.stubFor(get(urlPathEqualTo("/oauth2/jwks"))
			.willReturn(okJson(new JWKSet(signingKey.toPublicJWK()).toString())));
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("mcp.security.public-url", () -> PUBLIC_URL);
		registry.add("mcp.security.issuer", () -> ISSUER);
		registry.add("mcp.security.internal-url", stub::baseUrl);
		registry.add("mcp.security.token-format", () -> "jwt");
		registry.add("deferno.base-url", () -> stub.baseUrl() + "/api");
	}

	static RSAKey generateKey() {
		try {
			return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String jwt(RSAKey key, String issuer, String audience, List<String> scopes, Instant expiresAt)
			throws Exception {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer)
			.subject("u-alice1")
			.audience(audience)
			.claim("scope", scopes)
			.claim("client_id", "mcp-client")
			.issueTime(new Date())
			.notBeforeTime(Date.from(Instant.now().minusSeconds(5)))
			.expirationTime(Date.from(expiresAt))
			.build();
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
				claims);
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

	static String toolsCall(String tool) {
		return """
				{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"%s","arguments":{}}}""".formatted(tool);
	}

	static Instant inOneHour() {
		return Instant.now().plusSeconds(3600);
	}

	static void assertInvalidToken(Answer answer) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(401);
		assertThat(answer.header("WWW-Authenticate")).isEqualTo(INVALID_TOKEN_CHALLENGE);
	}

	@Test
	void mcpWhenValidJwtThenPassesWithoutIntrospection() throws Exception {
		String token = jwt(signingKey, ISSUER, RESOURCE, List.of("tasks:read", "profile:read"), inOneHour());
		Answer answer = this.http.postMcp(token, toolsCall("whoami"));
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		assertThat(answer.body()).contains("\"user\":\"u-alice1\"");
		assertThat(
				stub.countRequestsMatching(postRequestedFor(urlPathEqualTo("/oauth2/introspect")).build()).getCount())
			.isZero();
	}

	@Test
	void mcpWhenJwtForOtherAudienceThenInvalidToken() throws Exception {
		assertInvalidToken(this.http.postMcp(
				jwt(signingKey, ISSUER, "https://other.example.test/mcp", List.of("tasks:read"), inOneHour()),
				toolsCall("whoami")));
	}

	@Test
	void mcpWhenJwtFromOtherIssuerThenInvalidToken() throws Exception {
		assertInvalidToken(
				this.http.postMcp(jwt(signingKey, "http://evil.example", RESOURCE, List.of("tasks:read"), inOneHour()),
						toolsCall("whoami")));
	}

	@Test
	void mcpWhenJwtExpiredThenInvalidToken() throws Exception {
		assertInvalidToken(this.http.postMcp(
				jwt(signingKey, ISSUER, RESOURCE, List.of("tasks:read"), Instant.now().minusSeconds(300)),
				toolsCall("whoami")));
	}

	@Test
	void mcpWhenJwtSignedByUnknownKeyThenInvalidToken() throws Exception {
		assertInvalidToken(this.http.postMcp(jwt(generateKey(), ISSUER, RESOURCE, List.of("tasks:read"), inOneHour()),
				toolsCall("whoami")));
	}

	@Test
	void toolsCallWhenJwtLacksScopeThenInsufficientScope() throws Exception {
		String token = jwt(signingKey, ISSUER, RESOURCE, List.of("tasks:read"), inOneHour());
		Answer answer = this.http.postMcp(token, toolsCall("create_item"));
		assertThat(answer.status()).isEqualTo(403);
		assertThat(answer.header("WWW-Authenticate")).isEqualTo("Bearer error=\"insufficient_scope\", scope=\""
				+ "tasks:read tasks:write\", resource_metadata=\"" + METADATA + "\"");
		assertThat(this.http.postMcp(token, toolsCall("list_items")).status()).isEqualTo(200);
	}

	@Test
	void metadataWhenJwtModeThenSameDocument() {
		Answer answer = this.http.get("/.well-known/oauth-protected-resource/mcp", Map.of());
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.body()).contains("\"resource\":\"" + RESOURCE + "\"");
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@Import(SecurityLayerTestConfig.class)
	static class Application {

	}

}
