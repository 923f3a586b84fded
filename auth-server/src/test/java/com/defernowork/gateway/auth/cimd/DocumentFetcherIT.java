package com.defernowork.gateway.auth.cimd;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;

import javax.net.ssl.SSLContext;

import io.micrometer.observation.ObservationRegistry;
import com.defernowork.gateway.auth.cimd.ClientDocumentException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
 * The fetcher against a real HTTPS server: what it accepts, what it refuses, and that it
 * never waits long.
 */
class DocumentFetcherIT extends DocumentHostTestBase {

	@Test
	void fetchWhenJsonDocumentThenBodyAndCachingHeaders() {
		String json = host.document("/client.json", "Example", "https://app.example/cb");
		host.server.stubFor(get("/client.json").willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json; charset=utf-8")
			.withHeader("Cache-Control", "max-age=600")
			.withHeader("ETag", "\"v1\"")
			.withBody(json)));

		FetchedDocument fetched = this.fetcher.fetch(url("/client.json"), CacheHeaders.NONE, null);

		assertThat(new String(fetched.body(), StandardCharsets.UTF_8)).isEqualTo(json);
		assertThat(fetched.headers().cacheControl()).isEqualTo("max-age=600");
		assertThat(fetched.headers().etag()).isEqualTo("\"v1\"");
		host.server
			.verify(getRequestedFor(urlPathEqualTo("/client.json")).withHeader("Accept", equalTo("application/json"))
				.withHeader("If-None-Match", absent())
				.withHeader("Cookie", absent()));
	}

	@Test
	void fetchWhenNotFoundThenRefusedWithTheStatus() {
		host.server.stubFor(get("/gone.json").willReturn(aResponse().withStatus(404)));

		assertRefused("/gone.json", Reason.REFUSED_RESPONSE, "answered HTTP 404 instead of 200");
	}

	@Test
	void fetchWhenRedirectedThenRefusedAndNotFollowed() {
		host.server.stubFor(get("/moved.json")
			.willReturn(aResponse().withStatus(302).withHeader("Location", host.url("/target.json"))));
		host.server.stubFor(get("/target.json").willReturn(okJson("{}")));

		assertRefused("/moved.json", Reason.REFUSED_RESPONSE, "redirects it elsewhere (HTTP 302)");
		assertThat(host.fetches("/target.json")).isZero();
	}

	@Test
	void fetchWhenNotModifiedToARequestWithoutValidatorsThenRefusedAsSuch() {
		host.server.stubFor(get("/unasked.json").willReturn(aResponse().withStatus(304)));

		assertRefused("/unasked.json", Reason.REFUSED_RESPONSE,
				"answered HTTP 304 (not modified) to a request for the whole document");
	}

	@Test
	void fetchWhenTheAnswerBreaksOffThenSaysSoNotThatTheHostIsUnreachable() {
		host.server.stubFor(get("/cut.json").willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withHeader("Content-Length", "500")
			.withBody("{\"client_id\": ")));

		assertRefused("/cut.json", Reason.UNAVAILABLE, "broke off its answer before the document was complete");
	}

	@Test
	void fetchWhenOtherSuccessStatusThenRefused() {
		host.server.stubFor(get("/accepted.json")
			.willReturn(aResponse().withStatus(203).withHeader("Content-Type", "application/json").withBody("{}")));

		assertRefused("/accepted.json", Reason.REFUSED_RESPONSE, "HTTP 203");
	}

	/**
	 * The page says what is wrong without the host's words: a type can carry a sentence
	 * ({@code text/your-session-expired-call-5550100}).
	 */
	@Test
	void fetchWhenNotJsonThenRefusedWithoutQuotingTheType() {
		host.server.stubFor(get("/page").willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "text/your-session-expired-call-5550100")
			.withBody("<html></html>")));
		host.server.stubFor(get("/untyped").willReturn(aResponse().withStatus(200).withBody("{}")));

		assertRefused("/page", Reason.REFUSED_RESPONSE, "it is not served as application/json");
		assertRefused("/untyped", Reason.REFUSED_RESPONSE, "it is not served as application/json");
		assertThatExceptionOfType(ClientDocumentException.class)
			.isThrownBy(() -> this.fetcher.fetch(url("/page"), CacheHeaders.NONE, null))
			.withMessageNotContaining("5550100");
	}

	/**
	 * JSON is exchanged in UTF-8 (RFC 8259): a document whose type names another charset
	 * is refused, even when its bytes happen to read as UTF-8; UTF-8 named in any
	 * spelling, or US-ASCII, is taken.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "application/json; charset=utf-16", "application/json; charset=ISO-8859-1",
			"application/json; charset=no-such-charset", "application/json; charset=\"utf-32\"" })
	void fetchWhenServedInAnotherCharsetThenRefused(String type) {
		host.server.stubFor(get("/charset.json")
			.willReturn(aResponse().withStatus(200).withHeader("Content-Type", type).withBody("{}")));

		assertRefused("/charset.json", Reason.REFUSED_RESPONSE, "names a charset other than UTF-8");
	}

	@ParameterizedTest
	@ValueSource(strings = { "application/json; charset=utf-8", "application/json;charset=\"UTF-8\"",
			"application/json; charset=utf8", "application/json; charset=us-ascii" })
	void fetchWhenServedAsUtf8ThenAccepted(String type) {
		host.server.stubFor(get("/utf8.json")
			.willReturn(aResponse().withStatus(200).withHeader("Content-Type", type).withBody("{}")));

		assertThat(this.fetcher.fetch(url("/utf8.json"), CacheHeaders.NONE, null).body())
			.isEqualTo("{}".getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void fetchWhenSixKilobytesThenRefusedWhetherLengthIsDeclaredOrNot() {
		String large = "{\"padding\": \"" + "x".repeat(6 * 1024) + "\"}";
		host.server.stubFor(get("/large.json").willReturn(okJson(large)));
		host.server.stubFor(get("/large-chunked.json").willReturn(okJson(large).withChunkedDribbleDelay(4, 10)));

		assertRefused("/large.json", Reason.REFUSED_RESPONSE, "larger than 5 KB");
		assertRefused("/large-chunked.json", Reason.REFUSED_RESPONSE, "larger than 5 KB");
	}

	@Test
	void fetchWhenExactlyTheLimitThenAccepted() {
		String json = "{\"padding\": \"" + "x".repeat(DocumentFetcher.MAX_BYTES - 15) + "\"}";
		assertThat(json).hasSize(DocumentFetcher.MAX_BYTES);
		host.server.stubFor(get("/limit.json").willReturn(okJson(json)));

		assertThat(this.fetcher.fetch(url("/limit.json"), CacheHeaders.NONE, null).body())
			.hasSize(DocumentFetcher.MAX_BYTES);
	}

	@Test
	void fetchWhenCompressedThenRefused() throws IOException {
		ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
		try (GZIPOutputStream out = new GZIPOutputStream(gzipped)) {
			out.write("{}".getBytes(StandardCharsets.UTF_8));
		}
		host.server.stubFor(get("/gzip.json").willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withHeader("Content-Encoding", "gzip")
			.withBody(gzipped.toByteArray())));

		assertRefused("/gzip.json", Reason.REFUSED_RESPONSE, "sent compressed (Content-Encoding)");
	}

	@Test
	void fetchWhenServerIsSlowToAnswerThenUnavailableAfterTheTimeout() {
		host.server.stubFor(get("/slow.json").willReturn(okJson("{}").withFixedDelay(10_000)));

		try (DocumentFetcher impatient = DocumentHost.fetcher(Duration.ofMillis(500), 4)) {
			assertThatExceptionOfType(ClientDocumentException.class)
				.isThrownBy(() -> impatient.fetch(url("/slow.json"), CacheHeaders.NONE, null))
				.withMessage("The client's metadata document could not be fetched: " + DocumentHost.HOST
						+ " did not answer within 500 ms.")
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.UNAVAILABLE));
		}
	}

	@Test
	void fetchWhenBodyDripsSlowerThanTheDeadlineThenUnavailable() {
		// each piece arrives well within the per-read timeout; only the overall deadline
		// stops this
		host.server.stubFor(get("/drip.json")
			.willReturn(okJson("{\"client_id\": \"" + "x".repeat(200) + "\"}").withChunkedDribbleDelay(40, 8_000)));

		try (DocumentFetcher impatient = DocumentHost.fetcher(Duration.ofSeconds(1), 4)) {
			assertThatExceptionOfType(ClientDocumentException.class)
				.isThrownBy(() -> impatient.fetch(url("/drip.json"), CacheHeaders.NONE, null))
				.withMessageContaining("did not answer within 1000 ms");
		}
	}

	@Test
	void fetchWhenValidatorsThenConditionalAndNotModifiedAccepted() {
		host.server.stubFor(get("/client.json").withHeader("If-None-Match", equalTo("\"v1\""))
			.willReturn(aResponse().withStatus(304).withHeader("Cache-Control", "max-age=900")));

		FetchedDocument fetched = this.fetcher.fetch(url("/client.json"),
				new CacheHeaders(null, null, null, null, "\"v1\"", "Mon, 30 Nov 2026 10:00:00 GMT"), null);

		assertThat(fetched.notModified()).isTrue();
		assertThat(fetched.headers().cacheControl()).isEqualTo("max-age=900");
		host.server.verify(getRequestedFor(urlPathEqualTo("/client.json")).withHeader("If-Modified-Since",
				equalTo("Mon, 30 Nov 2026 10:00:00 GMT")));
	}

	@Test
	void fetchWhenNotModifiedWithoutAskingThenRefused() {
		host.server.stubFor(get("/odd.json").willReturn(aResponse().withStatus(304)));

		assertRefused("/odd.json", Reason.REFUSED_RESPONSE, "HTTP 304");
	}

	@Test
	void fetchWhenCertificateNotTrustedThenUnavailableSayingSo() throws Exception {
		host.server.stubFor(get("/client.json").willReturn(okJson("{}")));

		try (DocumentFetcher jvmDefaults = new DocumentFetcher(
				new VettedDnsResolver(DocumentHost::resolve, List.of(DocumentHost.HOST)), SSLContext.getDefault(),
				Duration.ofSeconds(2), Duration.ofSeconds(5), 4, ObservationRegistry.NOOP)) {
			assertThatExceptionOfType(ClientDocumentException.class)
				.isThrownBy(() -> jvmDefaults.fetch(url("/client.json"), CacheHeaders.NONE, null))
				.withMessageContaining("the secure connection to " + DocumentHost.HOST + " failed");
		}
		assertThat(host.fetches("/client.json")).isZero();
	}

	@Test
	void fetchWhenHostUnknownThenUnavailable() {
		assertThatExceptionOfType(ClientDocumentException.class)
			.isThrownBy(() -> this.fetcher.fetch(ClientIdUrl.parse("https://no-such-host.invalid/client.json"),
					CacheHeaders.NONE, null))
			.withMessageContaining("its host no-such-host.invalid was not found");
	}

	@Test
	void fetchWhenAllPermitsBusyThenRefusedAtOnceNotQueued() throws Exception {
		host.server.stubFor(get("/slow.json").willReturn(okJson("{}").withFixedDelay(3_000)));
		host.server.stubFor(get("/fast.json").willReturn(okJson("{}")));

		try (DocumentFetcher single = DocumentHost.fetcher(Duration.ofSeconds(10), 1)) {
			CompletableFuture<FetchedDocument> first = CompletableFuture
				.supplyAsync(() -> single.fetch(url("/slow.json"), CacheHeaders.NONE, null));
			await().until(() -> host.fetches("/slow.json") == 1);

			assertThatExceptionOfType(ClientDocumentException.class)
				.isThrownBy(() -> single.fetch(url("/fast.json"), CacheHeaders.NONE, null))
				.withMessageContaining("too many client metadata documents at once")
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.UNAVAILABLE));
			assertThat(host.fetches("/fast.json")).isZero();

			assertThat(first.get().body()).isNotNull();
			assertThat(single.fetch(url("/fast.json"), CacheHeaders.NONE, null).body()).isNotNull();
		}
	}

	@Test
	void fetchWhenOneSiteHoldsItsShareThenRefusedForItButNotForAnotherSite() {
		host.server.stubFor(get(urlPathEqualTo("/slow.json")).willReturn(okJson("{}").withFixedDelay(3_000)));
		host.server.stubFor(get("/fast.json").willReturn(okJson("{}")));

		try (DocumentFetcher twoSites = new DocumentFetcher(
				new VettedDnsResolver(DocumentHost::resolve, List.of(DocumentHost.HOST, "localhost")),
				DocumentHost.certificate().sslContext(), Duration.ofSeconds(2), Duration.ofSeconds(10), 4,
				ObservationRegistry.NOOP); ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			List<CompletableFuture<FetchedDocument>> slow = IntStream.range(0, FetchPermits.PER_SITE)
				.mapToObj((n) -> CompletableFuture
					.supplyAsync(() -> twoSites.fetch(url("/slow.json?n=" + n), CacheHeaders.NONE, null), threads))
				.toList();
			await().until(() -> host.fetches("/slow.json") == FetchPermits.PER_SITE);

			assertThatExceptionOfType(ClientDocumentException.class)
				.isThrownBy(() -> twoSites.fetch(url("/fast.json"), CacheHeaders.NONE, null))
				.withMessageContaining("already fetching 2 client metadata documents from example.test at once")
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.UNAVAILABLE));
			ClientIdUrl otherSite = ClientIdUrl.parse("https://localhost:" + host.server.httpsPort() + "/fast.json");
			assertThat(twoSites.fetch(otherSite, CacheHeaders.NONE, null).body()).isNotNull();

			slow.forEach((fetch) -> assertThat(fetch.join().body()).isNotNull());
			assertThat(twoSites.fetch(url("/fast.json"), CacheHeaders.NONE, null).body()).isNotNull();
		}
	}

	@Test
	void fetchWhenServerErrorThenUnavailableNotRefused() {
		host.server.stubFor(get("/failing.json").willReturn(aResponse().withStatus(503)));

		assertRefused("/failing.json", Reason.UNAVAILABLE, "answered HTTP 503 instead of 200");
	}

	@Test
	void fetchWhenFetchingThenHostResolvedExactlyOncePerFetch() {
		int[] lookups = new int[1];
		try (DocumentFetcher counting = new DocumentFetcher(new VettedDnsResolver((name) -> {
			lookups[0]++;
			return DocumentHost.resolve(name);
		}, List.of(DocumentHost.HOST)), DocumentHost.certificate().sslContext(), Duration.ofSeconds(2),
				Duration.ofSeconds(5), 4, ObservationRegistry.NOOP)) {
			host.server.stubFor(get("/client.json").willReturn(okJson("{}")));

			counting.fetch(url("/client.json"), CacheHeaders.NONE, null);
			counting.fetch(url("/client.json"), CacheHeaders.NONE, null);
		}

		assertThat(lookups[0]).isEqualTo(2);
		assertThat(host.fetches("/client.json")).isEqualTo(2);
	}

	private ClientIdUrl url(String path) {
		return ClientIdUrl.parse(host.url(path));
	}

	private void assertRefused(String path, Reason reason, String why) {
		assertThatExceptionOfType(ClientDocumentException.class)
			.isThrownBy(() -> this.fetcher.fetch(url(path), CacheHeaders.NONE, null))
			.withMessageStartingWith("The client's metadata document could not be fetched: ")
			.withMessageContaining(why)
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(reason));
	}

}
