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
 * Anyone may register a client: one no one signs in for is reaped after the unclaimed
 * time to live, however often it is looked up meanwhile, while one given a token, or
 * shown to a signed-in person who denied it, stays for the idle time to live (Redis
 * storage, real HTTP).
 */
@ExtendWith(OutputCaptureExtension.class)
class NewClientReapingIT {

	private static final String REDIRECT = "http://127.0.0.1:6276/oauth/callback";

	/**
	 * Long enough for each client meant to stay to reach its next step on a loaded
	 * machine (each lookup restarts it).
	 */
	private static final Duration UNCLAIMED_TTL = Duration.ofSeconds(10);

	private static RunningAuthServer server;

	@BeforeAll
	static void start() {
		server = RunningAuthServer.start(RunningAuthServer.freePort(),
				Map.of("REDIS_URL", TestRedis.url(), "auth.redis.key-prefix",
						TestRedis.uniquePrefix("auth-new-clients"), "auth.client-unclaimed-ttl",
						UNCLAIMED_TTL.toMillis() + "ms", "auth.client-reap-interval", "200ms"));
	}

	@AfterAll
	static void stop() {
		if (server != null) {
			server.close();
		}
	}

	@Test
	void clientNoOneSignedInForReapedAfterUnclaimedTtlWhileOnesGivenATokenOrDeniedStay(CapturedOutput output) {
		RegistrationClient registration = new RegistrationClient(server.baseUrl());
		String unused = (String) registration.registerPublic(REDIRECT).get("client_id");
		String used = (String) registration.registerPublic(REDIRECT).get("client_id");
		AuthorizationCodeFlow flow = new AuthorizationCodeFlow(server.baseUrl());
		Pkce pkce = Pkce.s256();
		String code = flow.code(AuthorizationCodeFlow.request(used, REDIRECT, pkce, "s"), "alice");
		HttpResponse<String> issued = flow.exchangeCode(used, code, pkce, REDIRECT, null);
		assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
		String refresh = (String) Json.parse(issued.body()).get("refresh_token");
		// its person signed in and said no: the client keeps its place for a retry
		String denied = (String) registration.registerPublic(REDIRECT).get("client_id");
		HttpResponse<String> consent = flow.consentPage(
				flow.authorizeSignedIn(AuthorizationCodeFlow.request(denied, REDIRECT, Pkce.s256(), "s"), "alice"));
		assertThat(consent.body()).contains("wants to use your Deferno account");
		assertThat(flow.deny(consent.body()).statusCode()).isEqualTo(302);

		// looked up meanwhile, as an authorization request that goes nowhere does
		assertThat(authorize(unused).statusCode()).isEqualTo(302);
		await().atMost(UNCLAIMED_TTL.plusSeconds(15)).until(() -> output.getAll().contains(reaped(unused)));

		assertThat(authorize(unused).body()).contains("unknown client_id");
		HttpResponse<String> refreshed = flow.refresh(used, refresh, null);
		assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
		assertThat(output.getAll()).doesNotContain(reaped(used)).doesNotContain(reaped(denied));
		assertThat(flow.authorizeSignedIn(AuthorizationCodeFlow.request(denied, REDIRECT, Pkce.s256(), "s"), "alice")
			.statusCode()).as("the denied client, asked again").isEqualTo(302);
	}

	private static String reaped(String clientId) {
		return "{\"event\":\"client.reaped\",\"client\":\"" + clientId + "\"}";
	}

	private static HttpResponse<String> authorize(String clientId) {
		return new Browser().get(server.baseUrl() + "/oauth2/authorize?"
				+ Browser.form(AuthorizationCodeFlow.request(clientId, REDIRECT, Pkce.s256(), "s")));
	}

}
