package com.defernowork.gateway.auth.registration;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.defernowork.gateway.auth.support.Json;
import com.defernowork.gateway.auth.support.RegistrationClient;
import com.defernowork.gateway.auth.support.RunningAuthServer;
import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.Browser;
import com.defernowork.gateway.testsupport.Pkce;
import com.defernowork.gateway.testsupport.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Anyone may register a client: one nobody signs in through is reaped after the
 * first-token time to live, however often it is looked up meanwhile, while one given a
 * token stays for the idle time to live (Redis storage, real HTTP).
 */
@ExtendWith(OutputCaptureExtension.class)
class NewClientReapingIT {

	private static final String REDIRECT = "http://127.0.0.1:6276/oauth/callback";

	private static final Duration FIRST_TOKEN_TTL = Duration.ofSeconds(4);

	private static RunningAuthServer server;

	@BeforeAll
	static void start() {
		server = RunningAuthServer.start(RunningAuthServer.freePort(),
				Map.of("REDIS_URL", TestRedis.url(), "auth.redis.key-prefix",
						TestRedis.uniquePrefix("auth-new-clients"), "auth.client-first-token-ttl",
						FIRST_TOKEN_TTL.toMillis() + "ms", "auth.client-reap-interval", "200ms"));
	}

	@AfterAll
	static void stop() {
		if (server != null) {
			server.close();
		}
	}

	@Test
	void clientGivenNoTokenReapedAfterFirstTokenTtlWhileOneGivenATokenStays(CapturedOutput output) {
		RegistrationClient registration = new RegistrationClient(server.baseUrl());
		String unused = (String) registration.registerPublic(REDIRECT).get("client_id");
		String used = (String) registration.registerPublic(REDIRECT).get("client_id");
		AuthorizationCodeFlow flow = new AuthorizationCodeFlow(server.baseUrl());
		Pkce pkce = Pkce.s256();
		String code = flow.code(AuthorizationCodeFlow.request(used, REDIRECT, pkce, "s"), "alice");
		HttpResponse<String> issued = flow.exchangeCode(used, code, pkce, REDIRECT, null);
		assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
		String refresh = (String) Json.parse(issued.body()).get("refresh_token");

		// looked up meanwhile, as an authorization request that goes nowhere does
		assertThat(authorize(unused).statusCode()).isEqualTo(302);
		await().atMost(FIRST_TOKEN_TTL.plusSeconds(10))
			.until(() -> output.getAll().contains("{\"event\":\"client.reaped\",\"client\":\"" + unused + "\"}"));

		assertThat(authorize(unused).body()).contains("unknown client_id");
		HttpResponse<String> refreshed = flow.refresh(used, refresh, null);
		assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
		assertThat(output.getAll()).doesNotContain("\"client\":\"" + used + "\"}");
	}

	private static HttpResponse<String> authorize(String clientId) {
		return new Browser().get(server.baseUrl() + "/oauth2/authorize?"
				+ Browser.form(AuthorizationCodeFlow.request(clientId, REDIRECT, Pkce.s256(), "s")));
	}

}
