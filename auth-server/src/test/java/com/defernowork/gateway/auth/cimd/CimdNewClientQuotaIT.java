package com.defernowork.gateway.auth.cimd;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.defernowork.gateway.auth.support.RegistrationClient;
import com.defernowork.gateway.auth.support.RunningAuthServer;
import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.Pkce;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A metadata document client the server does not keep yet counts against its caller's
 * network's new clients of the hour, as a registration does (the two share the count):
 * past them, the authorization request ends on a 429 page before the document is fetched,
 * while clients already kept and other networks go on.
 */
class CimdNewClientQuotaIT {

	private static final String REDIRECT = "http://127.0.0.1/callback";

	private static DocumentHost host;

	private static RunningAuthServer server;

	@BeforeAll
	static void start() {
		host = new DocumentHost("localhost");
		for (String app : List.of("one", "two", "three", "four")) {
			host.server.stubFor(get(urlPathEqualTo("/apps/" + app)).willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withBody(host.document("/apps/" + app, "App " + app, REDIRECT))));
		}
		server = DocumentHost.startTrusting(Map.of("auth.storage", "memory", "auth.cimd.allowed-private-hosts",
				"localhost", "auth.registration.per-network-per-hour", 2));
	}

	@AfterAll
	static void stop() {
		server.close();
		host.close();
	}

	@Test
	void authorizeWhenANetworkHadItsNewClientsOfTheHourThen429BeforeFetchingAndKnownClientsGoOn() throws Exception {
		assertThat(authorize("/apps/one", "2001:db8:5:1::1").statusCode()).isEqualTo(302);
		assertThat(authorize("/apps/two", "2001:db8:5:2::1").statusCode()).isEqualTo(302);

		HttpResponse<String> refused = authorize("/apps/three", "2001:db8:5:3::1");
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
		assertThat(refused.headers().firstValue("Retry-After"))
			.hasValueSatisfying((seconds) -> assertThat(Long.parseLong(seconds)).isBetween(1L, 3600L));
		assertThat(refused.body()).contains("temporarily_unavailable",
				"This gateway adds at most 2 new apps an hour from one network");
		assertThat(host.fetches("/apps/three")).as("not fetched").isZero();

		// a client already kept, from the same network; a new one from another
		assertThat(authorize("/apps/one", "2001:db8:5:4::1").statusCode()).isEqualTo(302);
		assertThat(authorize("/apps/four", "2001:db8:6::1").statusCode()).isEqualTo(302);
		// one count for both ways of adding a client
		assertThat(register("2001:db8:5:5::1").statusCode()).isEqualTo(429);
		assertThat(register("2001:db8:7::1").statusCode()).isEqualTo(201);
	}

	/** The authorization request as the proxy passes it on from the client's address. */
	private static HttpResponse<String> authorize(String path, String from) {
		return new AuthorizationCodeFlow(server.baseUrl()).authorize(
				AuthorizationCodeFlow.request(host.url(path), REDIRECT, Pkce.s256(), "s"), "X-Forwarded-For", from);
	}

	private static HttpResponse<String> register(String from) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/oauth2/register"))
				.header("Content-Type", "application/json")
				.header("X-Forwarded-For", from)
				.POST(HttpRequest.BodyPublishers.ofString(RegistrationClient.inspectorRequest(REDIRECT)))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

}
