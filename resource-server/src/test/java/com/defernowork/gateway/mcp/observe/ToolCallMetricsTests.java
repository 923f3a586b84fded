package com.defernowork.gateway.mcp.observe;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.defernowork.gateway.mcp.support.McpToolTestSupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code gateway.mcp.tool.calls} tells the caller's mistakes ({@code client_error}) from
 * failures ({@code error}), in the metric and the audit line alike, and its histogram (as
 * {@code http.server.requests}') covers a whole tool call's time with buckets at the
 * boundaries a latency objective names; the requests in flight export no buckets.
 */
@ExtendWith(OutputCaptureExtension.class)
class ToolCallMetricsTests extends McpToolTestSupport {

	private static final String ITEM = "11111111-2222-3333-4444-555555555555";

	@Autowired
	private MeterRegistry registry;

	@Test
	void toolCallsWhenTheCallerErrsThenClientErrorWhenDefernoFailsThenError(CapturedOutput output) {
		double refused = count("get_item", "client_error");
		double invalid = count("list_items", "client_error");
		double failed = count("whoami", "error");
		double failures = count("get_item", "error");

		// Deferno's 404 and 422: what the agent asked for is not there, or not valid
		stub(get("/api/items/" + ITEM).willReturn(failure(404, "not_found", "item not found")));
		error("get_item", Map.of("item", ITEM));
		stub(get("/api/items/" + ITEM).willReturn(failure(422, "validation_error", "bad item")));
		error("get_item", Map.of("item", ITEM));
		// refused by the tool's input schema before anything is sent
		error("list_items", Map.of("kind", "bogus"));
		// Deferno failing: a 503 (retried, then given up), a 429, no answer
		stub(get("/api/auth/me").willReturn(aResponse().withStatus(503)));
		error("whoami", Map.of());
		stub(get("/api/auth/me").willReturn(failure(429, "rate_limited", "slow down")));
		error("whoami", Map.of());
		stub(get("/api/items/" + ITEM).willReturn(aResponse().withStatus(500)));
		error("get_item", Map.of("item", ITEM));
		// a balancer's own 401 page, and /auth/me's too: whether the sign-in still works
		// is unknown, Deferno's trouble
		stub(get("/api/items/" + ITEM).willReturn(
				aResponse().withStatus(401).withHeader("Content-Type", "text/html").withBody("<html>401</html>")));
		stub(get("/api/auth/me").willReturn(
				aResponse().withStatus(401).withHeader("Content-Type", "text/html").withBody("<html>401</html>")));
		assertThat(error("get_item", Map.of("item", ITEM))).contains("could not be asked whether the sign-in");
		// a 4xx every call meets alike: Deferno's router (a base URL without /api), a
		// proxy
		stub(get("/api/items/" + ITEM).willReturn(failure(404, "not_found", "no such route")));
		error("get_item", Map.of("item", ITEM));
		stub(get("/api/items/" + ITEM).willReturn(
				aResponse().withStatus(403).withHeader("Content-Type", "text/html").withBody("<html>403</html>")));
		error("get_item", Map.of("item", ITEM));

		assertThat(count("get_item", "client_error") - refused).isEqualTo(2);
		assertThat(count("list_items", "client_error") - invalid).isEqualTo(1);
		assertThat(count("whoami", "error") - failed).isEqualTo(2);
		assertThat(count("get_item", "error") - failures).isEqualTo(4);
		assertThat(output.getAll()).contains(
				"\"tool\":\"get_item\",\"outcome\":\"client_error\",\"reason\":\"deferno_error\"",
				"\"tool\":\"list_items\",\"outcome\":\"client_error\",\"reason\":\"invalid_arguments\"",
				"\"tool\":\"whoami\",\"outcome\":\"error\",\"reason\":\"deferno_error\"",
				"\"tool\":\"get_item\",\"outcome\":\"error\",\"reason\":\"deferno_error\"");
	}

	@Test
	void scrapeWhenToolsWereCalledThenTheirHistogramsReachPastTheCallTimeoutWithObjectiveBoundaries() throws Exception {
		stub(get("/api/auth/me").willReturn(data("{\"id\":\"me\"}")));
		ok("whoami", Map.of());

		String scrape = scrape();
		List<Double> toolBuckets = bounds(scrape, "gateway_mcp_tool_calls_seconds_bucket", "outcome=\"ok\"",
				"tool=\"whoami\"");
		assertThat(toolBuckets).contains(0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0);
		// DEFERNO_TOOL_CALL_TIMEOUT (55 s) and more, not 30 s and then +Inf
		assertThat(toolBuckets).anySatisfy((bound) -> assertThat(bound).isGreaterThan(60.0));
		List<Double> mcpBuckets = bounds(scrape, "http_server_requests_seconds_bucket", "uri=\"/mcp\"");
		assertThat(mcpBuckets).contains(0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0);
		assertThat(mcpBuckets).anySatisfy((bound) -> assertThat(bound).isGreaterThan(60.0));
		// the requests in flight: how many, not a histogram of zeros
		assertThat(scrape).contains("http_server_requests_active_seconds_count{")
			.doesNotContain("http_server_requests_active_seconds_bucket", "http_client_requests_active_seconds_bucket");
	}

	private double count(String tool, String outcome) {
		Timer timer = this.registry.find("gateway.mcp.tool.calls").tags("tool", tool, "outcome", outcome).timer();
		return (timer != null) ? timer.count() : 0;
	}

	private String scrape() throws Exception {
		HttpResponse<String> scrape = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/prometheus"))
				.header("Accept", "text/plain")
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(scrape.statusCode()).as(scrape.body()).isEqualTo(200);
		return scrape.body();
	}

	/** The finite bucket bounds of the first series of {@code name} with these labels. */
	private static List<Double> bounds(String scrape, String name, String... labels) {
		Matcher bucket = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} ").matcher(scrape);
		Pattern le = Pattern.compile("le=\"([^\"]+)\"");
		String series = null;
		List<Double> bounds = new java.util.ArrayList<>();
		while (bucket.find()) {
			String all = bucket.group(1);
			if (!List.of(labels).stream().allMatch(all::contains)) {
				continue;
			}
			String others = le.matcher(all).replaceAll("");
			if (series == null) {
				series = others;
			}
			Matcher bound = le.matcher(all);
			if (others.equals(series) && bound.find() && !bound.group(1).equals("+Inf")) {
				bounds.add(Double.parseDouble(bound.group(1)));
			}
		}
		assertThat(bounds).as(name + " " + List.of(labels)).isNotEmpty();
		return bounds;
	}

}
