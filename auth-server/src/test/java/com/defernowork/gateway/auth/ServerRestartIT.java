package com.defernowork.gateway.auth;

import java.net.http.HttpResponse;
import java.util.Map;

import com.defernowork.gateway.auth.support.Json;
import com.defernowork.gateway.auth.support.RegistrationClient;
import com.defernowork.gateway.auth.support.RunningAuthServer;
import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.Browser;
import com.defernowork.gateway.testsupport.Pkce;
import com.defernowork.gateway.testsupport.TestRedis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A restart on the same Redis keeps registrations, tokens, consents and the signing key;
 * changed token settings apply to the clients registered before.
 */
class ServerRestartIT {

	/** A web redirect: only there is a remembered consent taken without asking again. */
	private static final String REDIRECT = "https://app.example/oauth/callback";

	@Test
	void restartWhenSameRedisPrefixThenRegistrationsAndTokensStayValid() {
		int port = RunningAuthServer.freePort();
		String prefix = TestRedis.uniquePrefix("auth-restart");
		Map<String, Object> properties = Map.of("auth.storage", "redis", "spring.data.redis.url", TestRedis.url(),
				"auth.redis.key-prefix", prefix, "auth.rs-client.id", "rs-restart", "auth.rs-client.secret", "s3cret");
		try {
			Map<String, Object> client;
			Map<String, Object> tokens;
			String jwks;
			try (RunningAuthServer first = RunningAuthServer.start(port, properties)) {
				client = new RegistrationClient(first.baseUrl()).registerPublic(REDIRECT);
				AuthorizationCodeFlow flow = new AuthorizationCodeFlow(first.baseUrl());
				Pkce pkce = Pkce.s256();
				String code = flow.code(
						AuthorizationCodeFlow.request((String) client.get("client_id"), REDIRECT, pkce, "s"), "alice");
				HttpResponse<String> response = flow.exchangeCode((String) client.get("client_id"), code, pkce,
						REDIRECT, null);
				assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
				tokens = Json.parse(response.body());
				jwks = new Browser().get(first.baseUrl() + "/oauth2/jwks").body();
			}
			assertThat(((Number) tokens.get("expires_in")).intValue()).isGreaterThan(3000);
			// restarted with a shorter access token lifetime: it applies to the client
			// registered before
			Map<String, Object> restarted = new java.util.HashMap<>(properties);
			restarted.put("auth.tokens.access-token-ttl", "10m");
			try (RunningAuthServer second = RunningAuthServer.start(port, restarted)) {
				AuthorizationCodeFlow flow = new AuthorizationCodeFlow(second.baseUrl());
				String clientId = (String) client.get("client_id");
				assertThat(
						Json.parse(flow.introspect((String) tokens.get("access_token"), "rs-restart", "s3cret").body()))
					.containsEntry("active", true)
					.containsEntry("client_id", clientId)
					.containsEntry("username", "alice");
				HttpResponse<String> refreshed = flow.refresh(clientId, (String) tokens.get("refresh_token"), null);
				assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
				assertThat(((Number) Json.parse(refreshed.body()).get("expires_in")).intValue()).isBetween(500, 600);
				HttpResponse<String> read = new Browser().get((String) client.get("registration_client_uri"),
						"Authorization", "Bearer " + client.get("registration_access_token"));
				assertThat(read.statusCode()).isEqualTo(200);
				assertThat(new Browser().get(second.baseUrl() + "/oauth2/jwks").body()).isEqualTo(jwks);
				// the remembered consent survived too: straight back to the client with a
				// code
				HttpResponse<String> again = flow
					.authorizeSignedIn(AuthorizationCodeFlow.request(clientId, REDIRECT, Pkce.s256(), "s2"), "alice");
				assertThat(AuthorizationCodeFlow.query(again)).containsKey("code");
			}
		}
		finally {
			AuthServerTestBase.deleteKeys(prefix);
		}
	}

}
