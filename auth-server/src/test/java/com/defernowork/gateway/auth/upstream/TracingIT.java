package com.defernowork.gateway.auth.upstream;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.defernowork.gateway.auth.support.RunningAuthServer;
import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.Browser;
import com.defernowork.gateway.testsupport.OtlpCollector;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The trace a caller's {@code traceparent} names continues through the auth server: its
 * spans join it and are exported over OTLP/HTTP when an endpoint is set, its calls to
 * Deferno carry it on, and its log lines name it. Without an endpoint the caller's trace
 * is still carried on and logged, but the server starts no trace of its own and has
 * nothing to export to. Deferno is WireMock; the collector a stand-in taking OTLP/HTTP.
 */
@ExtendWith(OutputCaptureExtension.class)
class TracingIT {

	private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String TRACEPARENT = "00-" + TRACE + "-00f067aa0ba902b7-01";

	private static final String CALLERS_SPAN_CHILD = "00-" + TRACE + "-(?!00f067aa0ba902b7)[0-9a-f]{16}-01";

	private static final WireMockServer deferno = new WireMockServer(WireMockConfiguration.options().dynamicPort());

	@BeforeAll
	static void startDeferno() {
		deferno.start();
		deferno.stubFor(post("/api/auth/native/register").willReturn(aResponse().withStatus(201)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"version\":\"0.1\",\"data\":{\"client_id\":\"native-123\"},\"error\":null}")));
		deferno.stubFor(post("/api/auth/native/token")
			.willReturn(okJson("{\"version\":\"0.1\",\"data\":{\"token\":\"dfr_pat_alice\"},\"error\":null}")));
		deferno.stubFor(get("/api/auth/me").willReturn(okJson("{\"id\":\"7f7c2a36-alice\",\"username\":\"alice\"}")));
	}

	@AfterAll
	static void stopDeferno() {
		deferno.stop();
	}

	@Test
	void withOtlpEndpointThenSpansJoinCallersTraceAndAreExported() {
		try (OtlpCollector collector = OtlpCollector.start();
				// Boot's property: OTEL_EXPORTER_OTLP_ENDPOINT is read from the process
				// environment only
				RunningAuthServer server = start(Map.of("management.opentelemetry.tracing.export.otlp.endpoint",
						collector.endpoint() + "/v1/traces"))) {
			// the resource server's introspection, in its caller's trace
			HttpResponse<String> introspected = new Browser().postForm(server.baseUrl() + "/oauth2/introspect",
					Map.of("token", "not-a-token"), "Authorization",
					AuthorizationCodeFlow.basic("mcp-resource-server", RunningAuthServer.RS_CLIENT_SECRET),
					"traceparent", TRACEPARENT);
			assertThat(introspected.statusCode()).as(introspected.body()).isEqualTo(200);
			signIn(server, "traceparent", TRACEPARENT);

			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
				List<OtlpCollector.Span> spans = collector.spans();
				assertThat(spans).as("introspection").anySatisfy((span) -> {
					assertThat(span.traceId()).isEqualTo(TRACE);
					assertThat(span.attributes()).containsEntry("method", "POST")
						.containsEntry("http.url", "/oauth2/introspect");
				});
				assertThat(spans).as("the sign-in's call to Deferno").anySatisfy((span) -> {
					assertThat(span.traceId()).isEqualTo(TRACE);
					assertThat(span.attributes()).containsEntry("uri", "/api/auth/me").containsKey("client.name");
				});
			});
			assertThat(traceparent("/api/auth/me")).matches(CALLERS_SPAN_CHILD);
		}
	}

	@Test
	void withoutOtlpEndpointThenCallersTraceCarriedOnAndLoggedButNoneStartedOrExported(CapturedOutput output) {
		try (RunningAuthServer server = start(Map.of())) {
			assertThat(server.context().getBeansOfType(SpanExporter.class)).as("nothing to export to").isEmpty();

			signIn(server, "traceparent", TRACEPARENT, "baggage", "tenant=acme");
			assertThat(traceparent("/api/auth/native/token")).matches(CALLERS_SPAN_CHILD);
			// a caller's baggage is not handed on: nothing here reads it, and the callers
			// are anyone on the internet
			assertThat(deferno.findAll(getRequestedFor(urlPathEqualTo("/api/auth/me"))))
				.allSatisfy((request) -> assertThat(request.containsHeader("baggage")).isFalse());
			assertThat(traceparent("/api/auth/me")).matches(CALLERS_SPAN_CHILD);
			assertThat(output.getOut().lines().filter((line) -> line.contains("\"event\":\"sign_in\"")))
				.as("the audit line of the sign-in names the caller's trace")
				.last()
				.asString()
				.contains(TRACE);

			// a request without a caller's trace starts none: what goes on is not sampled
			// (flag 01 clear; 02 says only that the trace id is random)
			signIn(server);
			assertThat(traceparent("/api/auth/me")).doesNotContain(TRACE).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[02]");
		}
	}

	private static RunningAuthServer start(Map<String, Object> properties) {
		Map<String, Object> all = new LinkedHashMap<>(properties);
		all.put("auth.storage", "memory");
		all.put("auth.upstream.connector", "deferno");
		all.put("auth.upstream.deferno-base-url", deferno.baseUrl() + "/api");
		return RunningAuthServer.start(RunningAuthServer.freePort(), all);
	}

	/**
	 * The Deferno sign-in; the callback, where the server calls Deferno, sends the
	 * headers.
	 */
	private static void signIn(RunningAuthServer server, String... headers) {
		deferno.resetRequests();
		Browser browser = new Browser();
		Map<String, String> authorize = Browser.query(Browser.location(GatewaySignIn.start(browser, server.baseUrl())));
		HttpResponse<String> callback = browser
			.get(server.baseUrl() + "/login/callback?code=native-code&state=" + authorize.get("state"), headers);
		assertThat(callback.statusCode()).as(callback.body()).isEqualTo(302);
		assertThat(Browser.location(callback)).doesNotContain("error");
	}

	/** The {@code traceparent} of the last sign-in's one request to the path. */
	private static String traceparent(String path) {
		List<LoggedRequest> requests = deferno.findAll(
				path.endsWith("/me") ? getRequestedFor(urlPathEqualTo(path)) : postRequestedFor(urlPathEqualTo(path)));
		assertThat(requests).as(path).hasSize(1);
		return requests.get(0).getHeader("traceparent");
	}

}
