package com.defernowork.gateway.auth.cimd;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import com.defernowork.gateway.auth.support.RunningAuthServer;
import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.Browser;
import com.defernowork.gateway.testsupport.Pkce;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole authorization server while one site holds as many slow document fetches as it
 * can (the audit's reproduction, scaled down to 4 fetches in all): two HTTPS document
 * hosts trusted through the JVM's trust-store settings, {@code localhost} the slow one
 * and {@code 127.0.0.1} another client's, both allow-listed.
 */
class CimdFetchCapacityIT {

	private static final String REDIRECT = "http://127.0.0.1/callback";

	private static DocumentHost slow;

	private static DocumentHost other;

	private static RunningAuthServer server;

	@BeforeAll
	static void start() {
		slow = new DocumentHost("localhost");
		other = new DocumentHost("127.0.0.1");
		server = DocumentHost.startTrusting(Map.of("auth.storage", "memory", "auth.cimd.allowed-private-hosts",
				"localhost,127.0.0.1", "auth.cimd.max-concurrent-fetches", "4", "auth.cimd.timeout", "10s"));
	}

	@AfterAll
	static void stop() {
		server.close();
		slow.close();
		other.close();
	}

	@Test
	void authorizeWhenOneSiteHoldsSlowFetchesThenAnotherSitesClientStillGoesOnToSignIn() {
		slow.server.stubFor(get(urlPathEqualTo("/slow")).willReturn(okJson("{}").withFixedDelay(5_000)));
		other.server.stubFor(get("/client.json").willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody(other.document("/client.json", "Other", REDIRECT))));
		int attempts = 6;

		try (ExecutorService attacker = Executors.newVirtualThreadPerTaskExecutor()) {
			// from as many networks: one network is held to its own share
			List<CompletableFuture<HttpResponse<String>>> slowRequests = IntStream.range(0, attempts)
				.mapToObj((n) -> CompletableFuture
					.supplyAsync(() -> authorize(slow.url("/slow?n=" + n), "203.0.113." + (n + 1)), attacker))
				.toList();
			// every slow request is either being fetched or already refused
			await().until(() -> slowRequests.stream().filter(CompletableFuture::isDone).count()
					+ slow.fetches("/slow") == attempts);

			HttpResponse<String> response = authorize(other.url("/client.json"), "198.51.100.1");

			assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
			assertThat(Browser.location(response)).as("sent to sign in").isNotNull().doesNotStartWith(REDIRECT);
			assertThat(slow.fetches("/slow")).isEqualTo(FetchPermits.PER_SITE);
			assertThat(slowRequests.stream()
				.map(CompletableFuture::join)
				.filter((refused) -> refused.body()
					.contains("this server is already fetching 2 client metadata documents from localhost at once")))
				.hasSize(attempts - FetchPermits.PER_SITE)
				.allSatisfy((refused) -> {
					// no fault of the client's: try again in a moment
					assertThat(refused.statusCode()).isEqualTo(503);
					assertThat(refused.headers().firstValue("Retry-After")).isPresent();
					assertThat(refused.body()).contains("temporarily_unavailable");
				});
		}
	}

	@Test
	void authorizeWhenOneNetworkNamesSlowDocumentsOnManySitesThenHeldToItsShareWhileAnotherNetworksClientGoesOn() {
		slow.server.stubFor(get(urlPathEqualTo("/held")).willReturn(okJson("{}").withFixedDelay(5_000)));
		other.server.stubFor(get(urlPathEqualTo("/held")).willReturn(okJson("{}").withFixedDelay(5_000)));
		other.server.stubFor(get("/client.json").willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody(other.document("/client.json", "Other", REDIRECT))));
		String attacker = "2001:db8:7:1::1";

		try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
			// two sites, each with room for another fetch: the network is what stops it
			List<CompletableFuture<HttpResponse<String>>> held = List.of(slow.url("/held?n=1"), other.url("/held?n=2"))
				.stream()
				.map((url) -> CompletableFuture.supplyAsync(() -> authorize(url, attacker), requests))
				.toList();
			await().until(() -> slow.fetches("/held") + other.fetches("/held") == 2);

			// another address of the same /48
			HttpResponse<String> third = authorize(slow.url("/held?n=3"), "2001:db8:7:2::9");
			HttpResponse<String> response = authorize(other.url("/client.json"), "2001:db8:8::1");

			assertThat(third.statusCode()).as(third.body()).isEqualTo(503);
			assertThat(third.body())
				.contains("already fetching 2 client metadata documents for requests from your network");
			assertThat(slow.fetches("/held")).isEqualTo(1);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
			held.forEach(CompletableFuture::join);
		}
	}

	/** The authorization request as the proxy passes it on from the client's address. */
	private static HttpResponse<String> authorize(String clientId, String from) {
		return new AuthorizationCodeFlow(server.baseUrl())
			.authorize(AuthorizationCodeFlow.request(clientId, REDIRECT, Pkce.s256(), "s"), "X-Forwarded-For", from);
	}

}
