package com.defernowork.gateway.e2e.clients;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.defernowork.gateway.e2e.support.ClientCallback;
import com.defernowork.gateway.e2e.support.GatewayStack;
import com.defernowork.gateway.e2e.support.HttpCalls;
import com.defernowork.gateway.e2e.support.McpCalls;
import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.Browser;
import com.defernowork.gateway.testsupport.HtmlForm;
import com.defernowork.gateway.testsupport.OtlpCollector;
import com.defernowork.gateway.testsupport.Pkce;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an operator sees of one person's session, end to end: Alice signs in through the
 * sandbox in Chromium, approves, her client calls tools (one with a {@code traceparent}
 * header, one with {@code _meta.traceparent}, one failing, one beyond her scopes),
 * refreshes and then replays the replaced refresh token. Then: both management ports
 * serve the counters that flow should have moved (and the application ports do not), the
 * audit lines are there in order, the sandbox saw both trace ids and the collector got
 * their spans (the auth server's too), the connected-apps page lists the calls
 * (screenshot), and no process logged a token or the code.
 */
class ObservabilityIT {

	private static final String HEADER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String META_TRACE = "0af7651916cd43dd8448eb211c80319c";

	static GatewayStack stack;

	static HeadlessChromium browser;

	static ClientCallback callback;

	static OtlpCollector collector;

	@BeforeAll
	static void start() throws IOException {
		collector = OtlpCollector.start();
		// tracing on with the one variable an operator sets, on both servers
		stack = GatewayStack.builder()
			.managementPorts()
			.authEnv("AUTH_REFRESH_REUSE_GRACE", "1s")
			.authEnv("OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint())
			.mcpEnv("OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint())
			.start();
		browser = HeadlessChromium.start();
		callback = ClientCallback.start();
	}

	@AfterAll
	static void stop() {
		if (callback != null) {
			callback.close();
		}
		if (browser != null) {
			browser.close();
		}
		if (stack != null) {
			stack.close();
		}
		if (collector != null) {
			collector.close();
		}
	}

	@Test
	void fullFlowThenMetricsAuditTraceparentRecentActivityAndNoSecretInAnyLog() {
		// sign in and approve in the browser, as a person does
		String redirect = callback.uri();
		Map<String, Object> registration = new LinkedHashMap<>();
		registration.put("redirect_uris", List.of(redirect));
		registration.put("token_endpoint_auth_method", "none");
		registration.put("client_name", "Observed client");
		HttpResponse<String> registered = HttpCalls.postJson(stack.publicUrl() + "/oauth2/register", registration);
		assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
		String clientId = HttpCalls.json(registered).get("client_id").asString();
		Pkce pkce = Pkce.s256();
		Map<String, String> query = AuthorizationCodeFlow.request(clientId, redirect, pkce, "obs");
		query.put("scope", "profile:read tasks:read");
		query.put("resource", stack.mcpUrl());
		PersonInBrowser.Authorization authorization = new PersonInBrowser(browser, "alice", "sandbox")
			.authorize(stack.publicUrl() + "/oauth2/authorize?" + HttpCalls.encode(query), redirect, "observability");
		String code = HttpCalls.query(URI.create(authorization.redirectedTo())).get("code");
		AuthorizationCodeFlow flow = new AuthorizationCodeFlow(stack.publicUrl());
		JsonNode tokens = ok(flow.exchangeCode(clientId, code, pkce, redirect, stack.mcpUrl()));
		String access = tokens.get("access_token").asString();
		String refresh = tokens.get("refresh_token").asString();

		// four tool calls: traced by header, traced by _meta, failing, refused for want
		// of scope
		McpCalls mcp = new McpCalls(stack.mcpUrl());
		assertThat(mcp.initialize(access).statusCode()).isEqualTo(200);
		HttpResponse<String> whoami = HttpCalls.send(HttpRequest.newBuilder(URI.create(stack.mcpUrl()))
			.header("Authorization", "Bearer " + access)
			.header("Content-Type", "application/json")
			.header("Accept", "application/json, text/event-stream")
			.header("MCP-Protocol-Version", McpCalls.PROTOCOL_VERSION)
			.header("traceparent", "00-" + HEADER_TRACE + "-00f067aa0ba902b7-01")
			.POST(HttpRequest.BodyPublishers.ofString(
					"{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\",\"arguments\":{}}}")));
		assertThat(McpCalls.message(whoami).at("/result/isError").asBoolean()).as(whoami.body()).isFalse();
		HttpResponse<String> listed = mcp.request(access, "tools/call", Map.of("name", "list_items", "arguments",
				Map.of(), "_meta", Map.of("traceparent", "00-" + META_TRACE + "-b7ad6b7169203331-01")));
		assertThat(McpCalls.message(listed).at("/result/isError").asBoolean()).as(listed.body()).isFalse();
		HttpResponse<String> failing = mcp.callTool(access, "get_item", Map.of("item", "no-such-item"));
		assertThat(McpCalls.message(failing).at("/result/isError").asBoolean()).as(failing.body()).isTrue();
		assertThat(mcp.callTool(access, "capture_item", Map.of("title", "x")).statusCode()).isEqualTo(403);
		// refused by the tool's input schema before it runs: an agent in a loop of these
		// shows in the metrics too
		HttpResponse<String> refused = mcp.callTool(access, "list_items", Map.of("kind", "bogus"));
		assertThat(McpCalls.message(refused).at("/result/isError").asBoolean()).as(refused.body()).isTrue();

		// the connected-apps page lists them (reports arrive in the background)
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			browser.open(stack.publicUrl() + "/connected-apps");
			assertThat(browser.text()).contains("Observed client", "Recent activity", "whoami", "list_items",
					"get_item", "capture_item");
		});
		assertThat(browser.text()).contains("done", "failed", "denied",
				"the tool needs access you did not give this app");
		List<Path> shots = browser.screenshot("connected-apps-recent-activity");
		assertThat(shots).allSatisfy((shot) -> assertThat(shot).isNotEmptyFile());

		// someone else starts to connect the same client and cancels at the sandbox's
		// sign-in: a cancelled sign-in
		Browser other = new Browser();
		Map<String, String> cancelled = AuthorizationCodeFlow.request(clientId, redirect, Pkce.s256(), "cancel");
		cancelled.put("resource", stack.mcpUrl());
		Browser.Step signInPage = other.open(
				URI.create(stack.publicUrl() + "/oauth2/authorize?" + HttpCalls.encode(cancelled)),
				(uri) -> uri.toString().startsWith(redirect));
		HtmlForm cancel = HtmlForm.withButton(signInPage.document(), Pattern.compile("Cancel"))
			.orElseThrow(() -> new AssertionError("no Cancel on " + signInPage));
		Browser.Step afterCancel = other.submit(cancel, (uri) -> uri.toString().startsWith(redirect));
		assertThat(afterCancel.toString()).doesNotContain("Whitelabel");

		// refresh, then the replaced refresh token once the 1 s grace is over: reuse, the
		// grant is revoked
		JsonNode rotated = ok(flow.refresh(clientId, refresh, stack.mcpUrl()));
		await().atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(300))
			.until(() -> flow.refresh(clientId, refresh, stack.mcpUrl()).statusCode() == 400);

		// metrics, on the management ports only
		String rs = scrape(stack.mcpManagementUrl());
		assertThat(value(rs, "gateway_mcp_tool_calls_seconds_count", "tool=\"whoami\"", "outcome=\"ok\"")).isEqualTo(1);
		assertThat(value(rs, "gateway_mcp_tool_calls_seconds_count", "tool=\"list_items\"", "outcome=\"ok\""))
			.isEqualTo(1);
		// a ref that names no item and the schema's refusal are the agent's to mend, no
		// failure
		assertThat(value(rs, "gateway_mcp_tool_calls_seconds_count", "tool=\"get_item\"", "outcome=\"client_error\""))
			.isEqualTo(1);
		assertThat(value(rs, "gateway_mcp_tool_calls_seconds_count", "tool=\"get_item\"", "outcome=\"error\""))
			.isZero();
		assertThat(value(rs, "gateway_mcp_tool_calls_seconds_count", "tool=\"capture_item\"", "outcome=\"denied\""))
			.isEqualTo(1);
		assertThat(value(rs, "gateway_mcp_tool_calls_seconds_count", "tool=\"list_items\"", "outcome=\"client_error\""))
			.isEqualTo(1);
		assertThat(rs).contains("gateway_mcp_tool_calls_seconds_bucket{");
		assertThat(value(rs, "cache_gets_total", "cache=\"introspection\"", "result=\"miss\"")).isEqualTo(1);
		assertThat(value(rs, "cache_gets_total", "cache=\"introspection\"", "result=\"hit\""))
			.isGreaterThanOrEqualTo(4);
		assertThat(value(rs, "http_client_requests_seconds_count", "uri=\"/oauth2/token\"", "status=\"200\""))
			.as("token exchanges")
			.isEqualTo(1);
		// by endpoint template (they were all uri="none")
		assertThat(value(rs, "http_client_requests_seconds_count", "method=\"GET\"", "status=\"200\"",
				"uri=\"/api/auth/me\""))
			.as("whoami's Deferno call")
			.isGreaterThanOrEqualTo(1);
		// the MCP endpoint (a servlet) by its path, not uri="UNKNOWN" with everything
		// Spring MVC did not map
		assertThat(sum(rs, "http_server_requests_seconds_count", "uri=\"/mcp\"")).isGreaterThanOrEqualTo(6);
		assertThat(value(rs, "http_server_requests_seconds_count", "uri=\"/mcp\"", "status=\"403\"")).isEqualTo(1);
		String as = scrape(stack.authManagementUrl());
		// so are the endpoints that filters answer
		assertThat(sum(as, "http_server_requests_seconds_count", "uri=\"/oauth2/token\"")).isGreaterThanOrEqualTo(3);
		assertThat(value(as, "http_server_requests_seconds_count", "uri=\"/oauth2/token\"", "status=\"400\""))
			.isGreaterThanOrEqualTo(1);
		assertThat(sum(as, "http_server_requests_seconds_count", "uri=\"/oauth2/introspect\""))
			.isGreaterThanOrEqualTo(1);
		assertThat(sum(as, "http_server_requests_seconds_count", "uri=\"/oauth2/authorize\""))
			.isGreaterThanOrEqualTo(2);
		assertThat(sum(as, "http_server_requests_seconds_count", "uri=\"/login/callback\"")).isGreaterThanOrEqualTo(1);
		assertThat(value(as, "gateway_auth_sign_ins_total", "connector=\"deferno\"", "outcome=\"success\""))
			.isEqualTo(1);
		// the other browser's Cancel is no failure, and the failures' series are there at
		// 0
		assertThat(value(as, "gateway_auth_sign_ins_total", "connector=\"deferno\"", "outcome=\"cancelled\""))
			.isEqualTo(1);
		assertThat(sum(as, "gateway_auth_sign_ins_total", "connector=\"deferno\"", "outcome=\"failure\"")).isZero();
		assertThat(as).contains(
				"gateway_auth_sign_ins_total{connector=\"deferno\",outcome=\"failure\",reason=\"deferno_unavailable\"} 0");
		assertThat(value(as, "gateway_auth_consents_total", "decision=\"granted\"")).isEqualTo(1);
		assertThat(value(as, "gateway_auth_registrations_total", "kind=\"dcr\"")).isEqualTo(1);
		assertThat(value(as, "gateway_auth_tokens_issued_total", "grant_type=\"authorization_code\"")).isEqualTo(1);
		assertThat(value(as, "gateway_auth_tokens_issued_total", "grant_type=\"refresh_token\"")).isEqualTo(1);
		assertThat(value(as, "gateway_auth_refresh_reuse_detected_total")).isEqualTo(1);
		assertThat(value(as, "gateway_auth_introspections_total", "result=\"active\"")).isEqualTo(1);
		assertThat(as).contains("http_client_requests_seconds_bucket{");
		for (String app : List.of(stack.authServerUrl(), stack.resourceServerUrl(), stack.publicUrl())) {
			HttpResponse<String> scrape = HttpCalls
				.send(HttpRequest.newBuilder(URI.create(app + "/actuator/prometheus")).header("Accept", "text/plain"));
			assertThat(scrape.statusCode()).as(app).isNotEqualTo(200);
			assertThat(scrape.body()).as(app).doesNotContain("gateway_");
		}

		// the sandbox received both callers' trace ids
		Map<String, String> logs = stack.logs();
		assertThat(logs.get("deferno-sandbox")).contains("traceparent=00-" + HEADER_TRACE + "-",
				"traceparent=00-" + META_TRACE + "-");

		// ... and the exported spans continue the callers' traces into the calls to the
		// auth server and Deferno, and through the auth server itself
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			List<OtlpCollector.Span> spans = collector.spans();
			assertThat(spans).as("token exchange in the header's trace").anySatisfy((span) -> {
				assertThat(span.traceId()).isEqualTo(HEADER_TRACE);
				assertThat(span.attributes()).containsEntry("uri", "/oauth2/token");
			});
			assertThat(spans).as("the auth server's side of it, in the same trace").anySatisfy((span) -> {
				assertThat(span.traceId()).isEqualTo(HEADER_TRACE);
				assertThat(span.attributes()).containsEntry("http.url", "/oauth2/token")
					.doesNotContainKey("client.name");
			});
			assertThat(spans).as("Deferno call in the _meta trace").anySatisfy((span) -> {
				assertThat(span.traceId()).isEqualTo(META_TRACE);
				assertThat(span.attributes()).containsEntry("method", "GET")
					.containsKey("client.name")
					.containsEntry("uri", "/api/items?{query}");
				// its URL without the query, which holds what an agent asked for
				assertThat(span.attributes().get("http.url")).endsWith("/api/items");
			});
		});

		// audit lines, in the order things happened
		String auth = logs.get("auth-server");
		List<Integer> order = new ArrayList<>();
		for (String event : List.of("\"event\":\"client.registered\",\"client\":\"" + clientId, "\"event\":\"sign_in\"",
				"\"event\":\"consent.granted\"", "\"event\":\"token.issued\"", "\"event\":\"token.refreshed\"",
				"\"event\":\"refresh.reuse_detected\"")) {
			assertThat(auth).as(event).contains(event);
			order.add(auth.indexOf(event));
		}
		assertThat(order).isSorted();
		assertThat(auth).contains("{\"event\":\"sign_in\",\"user\":\"",
				"\"connector\":\"deferno\",\"outcome\":\"success\"}",
				"{\"event\":\"refresh.reuse_detected\",\"user\":\"", "{\"event\":\"sign_in\",\"client\":\"" + clientId
						+ "\",\"connector\":\"deferno\",\"outcome\":\"cancelled\"}");
		String mcpLog = logs.get("resource-server");
		assertThat(mcpLog).contains("\"event\":\"tool.called\"",
				"\"client\":\"" + clientId + "\",\"tool\":\"whoami\",\"outcome\":\"ok\"",
				"\"tool\":\"get_item\",\"outcome\":\"client_error\",\"reason\":\"invalid_arguments\"",
				"\"tool\":\"capture_item\",\"outcome\":\"denied\"");

		// and never a token or the code, in any log of any process
		List<String> secrets = List.of(code, access, refresh, rotated.get("access_token").asString(),
				rotated.get("refresh_token").asString());
		logs.forEach((process, log) -> assertThat(log).as(process).doesNotContain(secrets));
	}

	private static String scrape(String managementUrl) {
		HttpResponse<String> scrape = HttpCalls
			.send(HttpRequest.newBuilder(URI.create(managementUrl + "/actuator/prometheus"))
				.header("Accept", "text/plain"));
		assertThat(scrape.statusCode()).as(scrape.body()).isEqualTo(200);
		return scrape.body();
	}

	private static JsonNode ok(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return HttpCalls.json(response);
	}

	/** The one sample of {@code name} whose labels include every tag (0 when none). */
	private static double value(String scrape, String name, String... tags) {
		List<Double> values = samples(scrape, name, tags);
		assertThat(values).as(name + " " + List.of(tags)).hasSizeLessThanOrEqualTo(1);
		return values.isEmpty() ? 0 : values.get(0);
	}

	private static double sum(String scrape, String name, String... tags) {
		return samples(scrape, name, tags).stream().mapToDouble(Double::doubleValue).sum();
	}

	private static List<Double> samples(String scrape, String name, String... tags) {
		Matcher line = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$").matcher(scrape);
		List<Double> values = new ArrayList<>();
		while (line.find()) {
			String labels = (line.group(1) != null) ? line.group(1) : "";
			if (List.of(tags).stream().allMatch(labels::contains)) {
				values.add(Double.parseDouble(line.group(2)));
			}
		}
		return values;
	}

}
