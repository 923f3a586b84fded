package com.defernowork.gateway.auth.cimd;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import tools.jackson.databind.json.JsonMapper;

import com.defernowork.gateway.auth.cimd.ClientDocumentException.Reason;
import com.defernowork.gateway.auth.storage.KeyValueStore;
import com.defernowork.gateway.testsupport.MutableClock;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Resolving documents through the cache, against a document host that counts its fetches;
 * run once per store. The clock only decides freshness; the store's own expiry is real
 * time and longer than any test.
 */
abstract class AbstractClientDocumentsIT extends DocumentHostTestBase {

	static final String PATH = "/oauth/client.json";

	static final Duration STALE_IF_ERROR = Duration.ofHours(1);

	final MutableClock clock = new MutableClock();

	private final KeyValueStore store = store();

	final ClientDocuments documents = documents(this.fetcher, this.store);

	abstract KeyValueStore store();

	ClientDocuments documents(DocumentFetcher fetcher, KeyValueStore store) {
		return new ClientDocuments(fetcher, store,
				new CachePolicy(Duration.ofMinutes(1), Duration.ofDays(1), Duration.ofMinutes(5), STALE_IF_ERROR),
				Duration.ofDays(1), Duration.ofSeconds(5), JsonMapper.builder().build(), this.clock);
	}

	ClientDocuments documents(KeyValueStore store) {
		return documents(this.fetcher, store);
	}

	@Test
	void resolveWhenFreshThenServedFromCacheWithoutFetching() {
		serve(json("Example").withHeader("Cache-Control", "max-age=300"));

		assertThat(resolve().clientName()).isEqualTo("Example");
		this.clock.advance(Duration.ofSeconds(299));
		assertThat(resolve().clientName()).isEqualTo("Example");
		assertThat(host.fetches(PATH)).isEqualTo(1);

		this.clock.advance(Duration.ofSeconds(2));
		resolve();
		assertThat(host.fetches(PATH)).isEqualTo(2);
	}

	@Test
	void resolveWhenMaxAgeBelowTheMinimumThenKeptForTheMinimum() {
		serve(json("Example").withHeader("Cache-Control", "max-age=5"));

		resolve();
		this.clock.advance(Duration.ofSeconds(59));
		resolve();
		assertThat(host.fetches(PATH)).isEqualTo(1);

		this.clock.advance(Duration.ofSeconds(2));
		resolve();
		assertThat(host.fetches(PATH)).isEqualTo(2);
	}

	@Test
	void resolveWhenMaxAgeAboveTheMaximumThenFetchedAgainAfterADay() {
		serve(json("Example").withHeader("Cache-Control", "max-age=31536000"));

		resolve();
		this.clock.advance(Duration.ofDays(1).minusSeconds(1));
		resolve();
		assertThat(host.fetches(PATH)).isEqualTo(1);

		this.clock.advance(Duration.ofSeconds(2));
		resolve();
		assertThat(host.fetches(PATH)).isEqualTo(2);
	}

	@Test
	void resolveWhenNoCachingHeadersThenTheDefaultLifetime() {
		serve(json("Example"));

		resolve();
		this.clock.advance(Duration.ofMinutes(5).minusSeconds(1));
		resolve();
		assertThat(host.fetches(PATH)).isEqualTo(1);

		this.clock.advance(Duration.ofSeconds(2));
		resolve();
		assertThat(host.fetches(PATH)).isEqualTo(2);
	}

	@Test
	void resolveWhenNoStoreThenFetchedEveryTime() {
		serve(json("Example").withHeader("Cache-Control", "no-store"));

		resolve();
		resolve();

		assertThat(host.fetches(PATH)).isEqualTo(2);
	}

	@Test
	void resolveWhenNoStoreWithinOneRequestThenFetchedOnceAndARefusalRemembered() {
		serve(json("Example").withHeader("Cache-Control", "no-store"));
		inOneRequest(() -> {
			resolve();
			resolve();
		});
		assertThat(host.fetches(PATH)).isEqualTo(1);

		serve(aResponse().withStatus(404));
		inOneRequest(() -> {
			assertThatExceptionOfType(ClientDocumentException.class).isThrownBy(this::resolve);
			serve(json("Back").withHeader("Cache-Control", "no-store"));
			// the request goes on with what it was told
			assertThatExceptionOfType(ClientDocumentException.class).isThrownBy(this::resolve);
		});
		assertThat(host.fetches(PATH)).isEqualTo(2);
		assertThat(resolve().clientName()).as("the next request fetches again").isEqualTo("Back");
	}

	private static void inOneRequest(Runnable work) {
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest()));
		try {
			work.run();
		}
		finally {
			RequestContextHolder.resetRequestAttributes();
		}
	}

	@Test
	void resolveWhenStaleWithAnEtagThenRevalidatedAndNotModifiedKeepsTheDocument() {
		serve(json("Example").withHeader("Cache-Control", "max-age=120").withHeader("ETag", "\"v1\""));
		host.server.stubFor(get(PATH).withHeader("If-None-Match", equalTo("\"v1\""))
			.willReturn(aResponse().withStatus(304).withHeader("Cache-Control", "max-age=600")));

		resolve();
		this.clock.advance(Duration.ofSeconds(121));
		assertThat(resolve().clientName()).isEqualTo("Example");
		this.clock.advance(Duration.ofSeconds(599));
		resolve();

		assertThat(host.fetches(PATH)).isEqualTo(2);
		host.server.verify(1, getRequestedFor(urlPathEqualTo(PATH)).withHeader("If-None-Match", absent()));
		host.server.verify(1, getRequestedFor(urlPathEqualTo(PATH)).withHeader("If-None-Match", equalTo("\"v1\"")));
	}

	@Test
	void resolveWhenDocumentChangedThenTheChangeCountsOnceTheCachedCopyExpires() {
		serve(json("Old name", "http://127.0.0.1/callback").withHeader("Cache-Control", "max-age=300"));
		resolve();

		serve(json("New name", "https://app.example/callback").withHeader("Cache-Control", "max-age=300"));
		this.clock.advance(Duration.ofSeconds(200));
		assertThat(resolve().clientName()).isEqualTo("Old name");

		this.clock.advance(Duration.ofSeconds(101));
		ClientDocument changed = resolve();
		assertThat(changed.clientName()).isEqualTo("New name");
		assertThat(changed.metadata().redirectUris()).containsExactly("https://app.example/callback");
	}

	@Test
	void resolveWhenDocumentGoneThenRefusedAndTheCachedCopyDropped() {
		serve(json("Example").withHeader("Cache-Control", "max-age=60").withHeader("ETag", "\"v1\""));
		resolve();
		this.clock.advance(Duration.ofSeconds(61));
		serve(aResponse().withStatus(404));

		assertThatExceptionOfType(ClientDocumentException.class).isThrownBy(this::resolve)
			.withMessageContaining("HTTP 404");
		assertThatExceptionOfType(ClientDocumentException.class).isThrownBy(this::resolve)
			.withMessageContaining("HTTP 404");

		assertThat(host.fetches(PATH)).isEqualTo(3);
		// the second attempt was unconditional: nothing was left to revalidate
		host.server.verify(2, getRequestedFor(urlPathEqualTo(PATH)).withHeader("If-None-Match", absent()));
	}

	@Test
	void resolveWhenDocumentInvalidThenNeverCached() {
		serve(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withHeader("Cache-Control", "max-age=3600")
			.withBody("{\"client_id\": \"https://elsewhere.example/client.json\", \"redirect_uris\": "
					+ "[\"https://app.example/cb\"]}"));

		assertThatExceptionOfType(ClientDocumentException.class).isThrownBy(this::resolve)
			.withMessageContaining("is not the address it was fetched from")
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.INVALID_DOCUMENT));
		assertThatExceptionOfType(ClientDocumentException.class).isThrownBy(this::resolve);
		serve(json("Fixed").withHeader("Cache-Control", "max-age=3600"));

		assertThat(resolve().clientName()).isEqualTo("Fixed");
		assertThat(host.fetches(PATH)).isEqualTo(3);
	}

	@Test
	void resolveWhenServerErrorAndNothingCachedThenRefused() {
		serve(aResponse().withStatus(500).withHeader("Cache-Control", "max-age=3600"));
		assertThatExceptionOfType(ClientDocumentException.class).isThrownBy(this::resolve)
			.withMessageContaining("HTTP 500");

		serve(json("Example"));

		assertThat(resolve().clientName()).isEqualTo("Example");
		assertThat(host.fetches(PATH)).isEqualTo(2);
	}

	@Test
	void resolveWhenRefetchTimesOutThenTheExpiredCopyStandsInAndIsRevalidatedLater() {
		serve(json("Example").withHeader("Cache-Control", "max-age=60").withHeader("ETag", "\"v1\""));
		resolve();
		this.clock.advance(Duration.ofSeconds(61));
		serve(json("Changed").withFixedDelay(10_000));

		try (DocumentFetcher impatient = DocumentHost.fetcher(Duration.ofSeconds(1), 4)) {
			assertThat(documents(impatient, this.store).resolve(host.url(PATH)).clientName()).isEqualTo("Example");
		}

		host.server
			.stubFor(get(PATH).withHeader("If-None-Match", equalTo("\"v1\"")).willReturn(aResponse().withStatus(304)));
		assertThat(resolve().clientName()).isEqualTo("Example");
		host.server.verify(2, getRequestedFor(urlPathEqualTo(PATH)).withHeader("If-None-Match", equalTo("\"v1\"")));
	}

	@ParameterizedTest
	@ValueSource(ints = { 500, 502, 503, 504 })
	void resolveWhenRefetchGetsAServerErrorThenTheExpiredCopyStandsIn(int status) {
		serve(json("Example").withHeader("Cache-Control", "max-age=60"));
		resolve();
		this.clock.advance(Duration.ofSeconds(61));
		serve(aResponse().withStatus(status));

		assertThat(resolve().clientName()).isEqualTo("Example");
		assertThat(resolve().clientName()).as("the stale copy is kept, not replaced").isEqualTo("Example");
		assertThat(host.fetches(PATH)).as("each use past expiry asks the host again").isEqualTo(3);

		serve(json("Recovered").withHeader("Cache-Control", "max-age=60"));
		assertThat(resolve().clientName()).isEqualTo("Recovered");
	}

	@Test
	void resolveWhenNoFetchCapacityThenTheExpiredCopyStandsIn() throws Exception {
		serve(json("Example").withHeader("Cache-Control", "max-age=60"));
		host.server.stubFor(get("/slow.json").willReturn(okJson("{}").withFixedDelay(3_000)));
		try (DocumentFetcher single = DocumentHost.fetcher(Duration.ofSeconds(10), 1)) {
			ClientDocuments documents = documents(single, this.store);
			documents.resolve(host.url(PATH));
			this.clock.advance(Duration.ofSeconds(61));
			CompletableFuture<FetchedDocument> busy = CompletableFuture.supplyAsync(
					() -> single.fetch(ClientIdUrl.parse(host.url("/slow.json")), CacheHeaders.NONE, null),
					Executors.newVirtualThreadPerTaskExecutor());
			await().until(() -> host.fetches("/slow.json") == 1);

			assertThat(documents.resolve(host.url(PATH)).clientName()).isEqualTo("Example");
			assertThat(host.fetches(PATH)).isEqualTo(1);
			busy.get();
		}
	}

	@Test
	void resolveWhenUnavailableLongerThanTheStalenessBoundThenRefused() {
		serve(json("Example").withHeader("Cache-Control", "max-age=60").withHeader("ETag", "\"v1\""));
		resolve();
		serve(aResponse().withStatus(503));

		this.clock.advance(Duration.ofSeconds(60).plus(STALE_IF_ERROR).minusSeconds(1));
		assertThat(resolve().clientName()).isEqualTo("Example");

		this.clock.advance(Duration.ofSeconds(2));
		assertThatExceptionOfType(ClientDocumentException.class).isThrownBy(this::resolve)
			.withMessageContaining("HTTP 503")
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.UNAVAILABLE));
	}

	@Test
	void resolveWhenHeadersDemandRevalidationThenNeverServedStale() {
		serve(json("Example").withHeader("Cache-Control", "max-age=60, must-revalidate"));
		resolve();
		this.clock.advance(Duration.ofSeconds(61));
		serve(aResponse().withStatus(503));

		assertThatExceptionOfType(ClientDocumentException.class).isThrownBy(this::resolve)
			.withMessageContaining("HTTP 503");
	}

	@ParameterizedTest
	@ValueSource(strings = { "404", "410", "403", "not json", "other client_id", "redirect" })
	void resolveWhenTheRefetchRefusesTheDocumentThenTheExpiredCopyIsDroppedNotServed(String answer) {
		serve(json("Example").withHeader("Cache-Control", "max-age=60").withHeader("ETag", "\"v1\""));
		resolve();
		this.clock.advance(Duration.ofSeconds(61));
		serve(aResponse().withStatus(503));
		assertThat(resolve().clientName()).as("served stale while the host fails").isEqualTo("Example");

		serve(refusal(answer));
		assertThatExceptionOfType(ClientDocumentException.class).isThrownBy(this::resolve)
			.satisfies((ex) -> assertThat(ex.reason()).isNotEqualTo(Reason.UNAVAILABLE));

		serve(aResponse().withStatus(503));
		assertThatExceptionOfType(ClientDocumentException.class).as("nothing left to stand in")
			.isThrownBy(this::resolve)
			.withMessageContaining("HTTP 503");
	}

	private static ResponseDefinitionBuilder refusal(String answer) {
		return switch (answer) {
			case "not json" ->
				aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"client_id\": ");
			case "other client_id" -> aResponse().withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"client_id\": \"https://elsewhere.example/client.json\", \"redirect_uris\": "
						+ "[\"https://app.example/cb\"]}");
			case "redirect" -> aResponse().withStatus(302).withHeader("Location", host.url("/elsewhere.json"));
			default -> aResponse().withStatus(Integer.parseInt(answer));
		};
	}

	@Test
	void resolveWhenConcurrentRequestsForOneDocumentThenOneFetch() throws Exception {
		serve(json("Example").withHeader("Cache-Control", "max-age=60").withFixedDelay(1_000));
		ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
		try (requests) {
			List<Future<ClientDocument>> resolved = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				resolved.add(requests.submit(this::resolve));
			}
			for (Future<ClientDocument> document : resolved) {
				assertThat(document.get().clientName()).isEqualTo("Example");
			}
		}

		assertThat(host.fetches(PATH)).isEqualTo(1);
	}

	@Test
	void resolveWhenClientIdNotADocumentUrlThenRefusedWithoutFetching() {
		assertThatExceptionOfType(ClientDocumentException.class).isThrownBy(() -> this.documents.resolve(host.url("/")))
			.withMessageContaining("must have a path");
		assertThat(host.server.getAllServeEvents()).isEmpty();
	}

	ClientDocument resolve() {
		return this.documents.resolve(host.url(PATH));
	}

	/**
	 * Replaces what the host serves: WireMock answers with the most recently added
	 * matching stub.
	 */
	void serve(ResponseDefinitionBuilder response) {
		host.server.stubFor(get(PATH).willReturn(response));
	}

	ResponseDefinitionBuilder json(String clientName, String... redirectUris) {
		String[] redirects = (redirectUris.length > 0) ? redirectUris : new String[] { "http://127.0.0.1/callback" };
		return aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody(host.document(PATH, clientName, redirects));
	}

}
