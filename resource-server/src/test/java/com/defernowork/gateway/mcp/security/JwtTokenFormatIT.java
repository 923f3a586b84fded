package com.defernowork.gateway.mcp.security;

import java.time.Duration;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code mcp.security.token-format=jwt}: access tokens validated locally against the
 * authorization server's JWKS as RFC 9068 has them (typed {@code at+jwt}; untyped ones of
 * an earlier auth server too), with the same issuer, audience, expiry and scope checks
 * and the same challenges as introspection.
 */
@SpringBootTest(classes = JwtTokenFormatIT.Application.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JwtTokenFormatIT extends HttpProbeTestSupport {

	static final String PUBLIC_URL = "https://mcp.example.test";

	static final String RESOURCE = PUBLIC_URL + "/mcp";

	static final String ISSUER = "http://localhost:9000";

	static final String METADATA = PUBLIC_URL + "/.well-known/oauth-protected-resource/mcp";

	static String invalidTokenChallenge(String description) {
		return "Bearer error=\"invalid_token\", error_description=\"" + description + "\", resource_metadata=\""
				+ METADATA + "\", scope=\"tasks:read tasks:write plan:read plan:write profile:read\"";
	}

	@RegisterExtension
	static final ClassScopedWireMock stub = new ClassScopedWireMock();

	static final RSAKey signingKey = generateKey();

	static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

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

	/**
	 * An access token as the auth server issues it (RFC 9068): typed {@code at+jwt},
	 * {@code scope} one string, {@code client_id}.
	 */
	static String jwt(RSAKey key, String issuer, String audience, List<String> scopes, Instant expiresAt)
			throws Exception {
		return sign(key, AT_JWT,
				claims(issuer, audience, expiresAt).claim("scope", String.join(" ", scopes))
					.claim("client_id", "mcp-client")
					.build());
	}

	/**
	 * An access token as an earlier auth server issued it: no {@code typ}, {@code scope}
	 * an array, no {@code client_id}.
	 */
	static String untypedJwt(String audience, List<String> scopes) throws Exception {
		return sign(signingKey, null, claims(ISSUER, audience, inOneHour()).claim("scope", scopes).build());
	}

	static JWTClaimsSet.Builder claims(String issuer, String audience, Instant expiresAt) {
		// an expired token was issued an hour before it expired, as the auth server would
		Instant issued = Instant.now().isBefore(expiresAt) ? Instant.now() : expiresAt.minusSeconds(3600);
		return new JWTClaimsSet.Builder().issuer(issuer)
			.subject("u-alice1")
			.audience(audience)
			.jwtID(UUID.randomUUID().toString())
			.issueTime(Date.from(issued))
			.notBeforeTime(Date.from(issued.minusSeconds(5)))
			.expirationTime(Date.from(expiresAt));
	}

	static String sign(RSAKey key, JOSEObjectType type, JWTClaimsSet claims) throws Exception {
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(type).build(), claims);
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
		assertThat(answer.header("WWW-Authenticate")).isEqualTo(invalidTokenChallenge(answer.errorDescription()));
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

	@ParameterizedTest
	@ValueSource(strings = { "application/at+jwt", "AT+JWT" })
	void mcpWhenJwtTypedAsAccessTokenOtherwiseSpelledThenPasses(String typ) throws Exception {
		String token = sign(signingKey, new JOSEObjectType(typ),
				claims(ISSUER, RESOURCE, inOneHour()).claim("scope", "profile:read").claim("client_id", "c").build());
		Answer answer = this.http.postMcp(token, toolsCall("whoami"));
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
	}

	/**
	 * Correctly signed, for this resource, yet not typed as an access token: {@code JWT}
	 * too, which says nothing of what kind of token it is (RFC 8725 §3.11).
	 */
	@ParameterizedTest
	@ValueSource(strings = { "JWT", "dpop+jwt" })
	void mcpWhenJwtTypedOtherwiseThenInvalidToken(String typ) throws Exception {
		String token = sign(signingKey, new JOSEObjectType(typ),
				claims(ISSUER, RESOURCE, inOneHour()).claim("scope", "profile:read").claim("client_id", "c").build());
		Answer answer = this.http.postMcp(token, toolsCall("whoami"));
		assertInvalidToken(answer);
		assertThat(answer.body()).contains("\"error\":\"invalid_token\"")
			.contains("The token's typ header is not at+jwt: it is not an access token (RFC 9068)");
	}

	@Test
	void mcpWhenAtJwtWithoutClientIdThenInvalidToken() throws Exception {
		String token = sign(signingKey, AT_JWT,
				claims(ISSUER, RESOURCE, inOneHour()).claim("scope", "tasks:read").build());
		Answer answer = this.http.postMcp(token, toolsCall("whoami"));
		assertInvalidToken(answer);
		assertThat(answer.body()).contains("client_id");
	}

	/**
	 * Rolling upgrade: tokens of an earlier auth server keep working until they expire.
	 */
	@Test
	void mcpWhenUntypedJwtOfEarlierAuthServerThenPassesWithItsScopes() throws Exception {
		String token = untypedJwt(RESOURCE, List.of("tasks:read", "profile:read"));
		Answer answer = this.http.postMcp(token, toolsCall("whoami"));
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		assertThat(answer.body()).contains("\"user\":\"u-alice1\"");
		assertThat(this.http.postMcp(token, toolsCall("list_items")).status()).isEqualTo(200);
		assertThat(this.http.postMcp(token, toolsCall("create_item")).status()).isEqualTo(403);
	}

	@Test
	void mcpWhenUntypedJwtForOtherAudienceThenInvalidToken() throws Exception {
		assertInvalidToken(this.http.postMcp(untypedJwt("https://other.example.test/mcp", List.of("tasks:read")),
				toolsCall("whoami")));
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
		Answer answer = this.http.postMcp(
				jwt(signingKey, ISSUER, RESOURCE, List.of("tasks:read"), Instant.now().minusSeconds(300)),
				toolsCall("whoami"));
		assertInvalidToken(answer);
		assertThat(answer.body()).contains("The access token expired at ", "; refresh it, or sign in again")
			.doesNotContain("An error occurred while attempting to decode");
		assertThat(answer.header("WWW-Authenticate")).contains("error_description=\"The access token expired at ");
	}

	@Test
	void mcpWhenJwtSignedByUnknownKeyThenInvalidToken() throws Exception {
		assertInvalidToken(this.http.postMcp(jwt(generateKey(), ISSUER, RESOURCE, List.of("tasks:read"), inOneHour()),
				toolsCall("whoami")));
	}

	/**
	 * A key id the keys lack fetches them again (the auth server may have a new key), but
	 * made-up ones cannot make this server fetch them for every request.
	 */
	@Test
	void mcpWhenManyTokensWithMadeUpKeyIdsThenEachInvalidTokenAndTheKeysFetchedAtMostTwiceMore() throws Exception {
		RSAKey unknown = generateKey();
		this.http.postMcp(jwt(signingKey, ISSUER, RESOURCE, List.of("tasks:read"), inOneHour()), toolsCall("whoami"));
		int before = jwksFetches();
		long started = System.nanoTime();

		for (int i = 0; i < 20; i++) {
			RSAKey madeUp = new RSAKey.Builder(unknown).keyID(UUID.randomUUID().toString()).build();
			assertInvalidToken(this.http.postMcp(jwt(madeUp, ISSUER, RESOURCE, List.of("tasks:read"), inOneHour()),
					toolsCall("whoami")));
		}

		// two per 5 s window, and the requests may span the end of a window the tests
		// before opened (or more on a slow machine)
		long windows = Duration.ofNanos(System.nanoTime() - started).toSeconds() / 5 + 2;
		assertThat(jwksFetches() - before).isLessThanOrEqualTo((int) (2 * windows)).isLessThan(20);
	}

	private static int jwksFetches() {
		return stub.countRequestsMatching(getRequestedFor(urlPathEqualTo("/oauth2/jwks")).build()).getCount();
	}

	@Test
	void toolsCallWhenJwtLacksScopeThenInsufficientScope() throws Exception {
		String token = jwt(signingKey, ISSUER, RESOURCE, List.of("tasks:read"), inOneHour());
		Answer answer = this.http.postMcp(token, toolsCall("create_item"));
		assertThat(answer.status()).isEqualTo(403);
		assertThat(answer.header("WWW-Authenticate"))
			.isEqualTo("Bearer error=\"insufficient_scope\", error_description=\""
					+ "This operation needs the scope tasks:write; re-authorize with it\", scope=\"tasks:read tasks:write\", "
					+ "resource_metadata=\"" + METADATA + "\"");
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
