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

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code auth.token-format=jwt}: signed access tokens, verifiable with the JWKS, still
 * bound to the resource.
 */
class JwtAccessTokenIT {

	private static final String REDIRECT = "http://127.0.0.1:6276/oauth/callback";

	@Test
	void tokenWhenJwtFormatThenSignedTokenWithAudienceAndUsername() {
		try (RunningAuthServer server = RunningAuthServer.start(RunningAuthServer.freePort(),
				Map.of("auth.storage", "memory", "auth.token-format", "jwt"))) {
			assertThat(new Browser().get(server.baseUrl() + "/actuator/health").body()).contains("UP");
			String clientId = (String) new RegistrationClient(server.baseUrl()).registerPublic(REDIRECT)
				.get("client_id");
			AuthorizationCodeFlow flow = new AuthorizationCodeFlow(server.baseUrl());
			Pkce pkce = Pkce.s256();
			String code = flow.code(AuthorizationCodeFlow.request(clientId, REDIRECT, pkce, "s"), "alice");
			HttpResponse<String> response = flow.exchangeCode(clientId, code, pkce, REDIRECT, null);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			String accessToken = (String) Json.parse(response.body()).get("access_token");

			Jwt jwt = NimbusJwtDecoder.withJwkSetUri(server.baseUrl() + "/oauth2/jwks").build().decode(accessToken);
			assertThat(jwt.getAudience()).isEqualTo(List.of("http://localhost:8001/mcp"));
			assertThat(jwt.getSubject()).isEqualTo("id-alice");
			assertThat(jwt.getClaimAsString("username")).isEqualTo("alice");
			assertThat(jwt.getClaimAsString("iss")).isEqualTo(server.baseUrl());
			assertThat(Json
				.parse(flow.introspect(accessToken, "mcp-resource-server", RunningAuthServer.RS_CLIENT_SECRET).body()))
				.containsEntry("active", true)
				.containsEntry("aud", List.of("http://localhost:8001/mcp"));
			// the key that signed it is stored sealed by the vault, not as a JWK in clear
			assertThat(server.context().getBean(KeyValueStore.class).get("jwk:rsa")).matches("[\\w-]+\\.[\\w-]+");
		}
	}

}
