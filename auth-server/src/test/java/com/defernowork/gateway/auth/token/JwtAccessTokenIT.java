package com.defernowork.gateway.auth.token;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.defernowork.gateway.auth.storage.KeyValueStore;
import com.defernowork.gateway.auth.support.Json;
import com.defernowork.gateway.auth.support.RegistrationClient;
import com.defernowork.gateway.auth.support.RunningAuthServer;
import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.Browser;
import com.defernowork.gateway.testsupport.Pkce;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code auth.token-format=jwt}: signed access tokens, verifiable with the JWKS, still
 * bound to the resource, in the shape of RFC 9068 (JWT Profile for OAuth 2.0 Access
 * Tokens), as issued and as refreshed.
 */
class JwtAccessTokenIT {

	private static final String REDIRECT = "http://127.0.0.1:6276/oauth/callback";

	private static final String RESOURCE = "http://localhost:8001/mcp";

	@Test
	void tokenWhenJwtFormatThenSignedTokenWithAudienceAndUsername() {
		try (RunningAuthServer server = RunningAuthServer.start(RunningAuthServer.freePort(),
				Map.of("auth.storage", "memory", "auth.token-format", "jwt"))) {
			assertThat(new Browser().get(server.baseUrl() + "/actuator/health").body()).contains("UP");
			String clientId = (String) new RegistrationClient(server.baseUrl()).registerPublic(REDIRECT)
				.get("client_id");
			AuthorizationCodeFlow flow = new AuthorizationCodeFlow(server.baseUrl());
			Pkce pkce = Pkce.s256();
			Map<String, String> request = AuthorizationCodeFlow.request(clientId, REDIRECT, pkce, "s");
			request.put("scope", "tasks:read profile:read");
			String code = flow.code(request, "alice");
			HttpResponse<String> response = flow.exchangeCode(clientId, code, pkce, REDIRECT, null);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			Map<String, Object> tokens = Json.parse(response.body());
			String accessToken = (String) tokens.get("access_token");

			JwtDecoder decoder = atJwtDecoder(server, clientId);
			Jwt jwt = decoder.decode(accessToken);
			assertProfile(jwt, server, clientId);
			assertThat(jwt.getSubject()).isEqualTo("id-alice");
			assertThat(jwt.getClaimAsString("username")).isEqualTo("alice");
			assertThat(Json
				.parse(flow.introspect(accessToken, "mcp-resource-server", RunningAuthServer.RS_CLIENT_SECRET).body()))
				.containsEntry("active", true)
				.containsEntry("aud", List.of(RESOURCE))
				.containsEntry("client_id", clientId)
				.containsEntry("scope", "profile:read tasks:read");
			// the key that signed it is stored sealed by the vault, not as a JWK in clear
			assertThat(server.context().getBean(KeyValueStore.class).get("jwk:rsa")).matches("[\\w-]+\\.[\\w-]+");
			// published for signatures with RS256 only, its public part only
			assertThat(Json.parse(flow.browser().get(server.baseUrl() + "/oauth2/jwks").body())).extracting("keys")
				.asInstanceOf(InstanceOfAssertFactories.LIST)
				.singleElement()
				.asInstanceOf(InstanceOfAssertFactories.MAP)
				.containsEntry("kid", jwt.getHeaders().get("kid"))
				.containsEntry("use", "sig")
				.containsEntry("alg", "RS256")
				.doesNotContainKeys("d", "p", "q");

			HttpResponse<String> refreshed = flow.refresh(clientId, (String) tokens.get("refresh_token"), null);
			assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
			Jwt renewed = decoder.decode((String) Json.parse(refreshed.body()).get("access_token"));
			assertProfile(renewed, server, clientId);
			assertThat(renewed.getId()).isNotEqualTo(jwt.getId());
		}
	}

	/** Spring Security's own RFC 9068 check, as a resource server would make it. */
	private static JwtDecoder atJwtDecoder(RunningAuthServer server, String clientId) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(server.baseUrl() + "/oauth2/jwks").build();
		decoder.setJwtValidator(JwtValidators.createAtJwtValidator()
			.issuer(server.baseUrl())
			.audience(RESOURCE)
			.clientId(clientId)
			.build());
		return decoder;
	}

	/** RFC 9068 §2.1 and §2.2, written out beyond what the validator checks. */
	private static void assertProfile(Jwt jwt, RunningAuthServer server, String clientId) {
		assertThat(jwt.getHeaders()).containsEntry("typ", "at+jwt");
		assertThat(jwt.getClaimAsString("iss")).isEqualTo(server.baseUrl());
		assertThat(jwt.getAudience()).isEqualTo(List.of(RESOURCE));
		assertThat(jwt.getClaims()).containsEntry("client_id", clientId)
			.containsKeys("sub", "exp", "iat", "jti")
			// valid where clocks are up to a minute behind the issuing server's
			.containsEntry("nbf", jwt.getIssuedAt().minusSeconds(60))
			// one space-separated string (RFC 9068 §2.2.3), not a JSON array
			.containsEntry("scope", "profile:read tasks:read");
	}

}
