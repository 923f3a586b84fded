package com.defernowork.gateway.mcp.tools;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.defernowork.gateway.mcp.support.McpToolTestSupport;
import com.defernowork.gateway.mcp.support.RecordingUnauthorizedListener;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Deferno failure is an isError tool result an agent can act on; reads retry,
 * writes never do.
 */
@ExtendWith(OutputCaptureExtension.class)
class DefernoFailureTests extends McpToolTestSupport {

	static final String ITEM = "11111111-2222-3333-4444-555555555555";

	@Autowired
	RecordingUnauthorizedListener unauthorized;

	@Autowired
	MeterRegistry registry;

	@Test
	void callWhenDefernoAnswers401ThenListenersToldAndErrorResult() {
		this.unauthorized.reset();
		stub(get("/api/auth/me").willReturn(failure(401, "unauthorized", "missing or invalid token")));
		assertThat(error("whoami", Map.of()))
			.isEqualTo("Deferno API error 401 [unauthorized]: missing or invalid token; Deferno no longer accepts "
					+ "this sign-in: sign in again through the MCP client's OAuth flow");
		assertThat(this.unauthorized.calls()).isEqualTo(1);
		// the call, then the same credential at /auth/me once more
		deferno.verify(2, getRequestedFor(urlEqualTo("/api/auth/me")));
	}

	@Test
	void callWhenABalancerInFrontOfDefernoAnswers401PagesThenTheSignInIsKeptAndTheErrorIsTemporary() {
		this.unauthorized.reset();
		// a balancer's or firewall's own 401, not Deferno's envelope: no verdict on the
		// sign-in
		stub(get(urlPathEqualTo("/api/items")).willReturn(
				aResponse().withStatus(401).withHeader("Content-Type", "text/html").withBody("<html>401</html>")));
		stub(get("/api/auth/me").willReturn(
				aResponse().withStatus(401).withHeader("Content-Type", "text/html").withBody("<html>401</html>")));
		assertThat(error("list_items", Map.of())).isEqualTo("Deferno API error 401: Deferno refused this call's "
				+ "credentials and could not be asked whether the sign-in still works; try again later");
		assertThat(this.unauthorized.calls()).isZero();
	}

	@Test
	void callWhenDefernoAnswers401OnceButAcceptsTheCredentialAtAuthMeThenListenersNotToldAndRetryableError() {
		this.unauthorized.reset();
		stub(get(urlPathEqualTo("/api/items")).willReturn(failure(401, "unauthorized", "missing or invalid token")));
		stub(get("/api/auth/me").willReturn(data("{\"id\":\"me\"}")));
		assertThat(error("list_items", Map.of())).isEqualTo("Deferno API error 401: Deferno refused this call's "
				+ "credentials once but still accepts the sign-in; try the call again");
		assertThat(this.unauthorized.calls()).isZero();
	}

	@Test
	void readWhenGatewayErrorThenRetriedOnce() {
		stub(get("/api/auth/me").inScenario("flaky")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(503))
			.willSetStateTo("up"));
		stub(get("/api/auth/me").inScenario("flaky").whenScenarioStateIs("up").willReturn(data("{\"id\":\"me\"}")));
		assertThat(ok("whoami", Map.of()).get("id").stringValue()).isEqualTo("me");
		deferno.verify(2, getRequestedFor(urlEqualTo("/api/auth/me")));
	}

	@Test
	void readWhenUnavailableWithAShortRetryAfterThenRetriedNoSooner() {
		stub(get("/api/auth/me").inScenario("busy")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1"))
			.willSetStateTo("up"));
		stub(get("/api/auth/me").inScenario("busy").whenScenarioStateIs("up").willReturn(data("{\"id\":\"me\"}")));
		assertThat(ok("whoami", Map.of()).get("id").stringValue()).isEqualTo("me");
		// the profile's requests (whoami reads the settings too)
		List<Date> sent = deferno.getAllServeEvents()
			.stream()
			.filter((event) -> event.getRequest().getUrl().equals("/api/auth/me"))
			.map((event) -> event.getRequest().getLoggedDate())
			.sorted()
			.toList();
		assertThat(sent).hasSize(2);
		assertThat(sent.get(1).getTime() - sent.get(0).getTime()).isGreaterThanOrEqualTo(1000);
	}

	@Test
	void readWhenUnavailableWithALongRetryAfterThenNotRetriedAndTheWaitReported() {
		stub(get("/api/auth/me").willReturn(aResponse().withStatus(503).withHeader("Retry-After", "120")));
		assertThat(error("whoami", Map.of())).isEqualTo(
				"Deferno API error 503: Service Unavailable; try again later; Deferno asks to wait 120 seconds before "
						+ "trying again");
		deferno.verify(1, getRequestedFor(urlEqualTo("/api/auth/me")));
	}

	@Test
	void readWhenRateLimitedUntilADateThenNotRetriedAndTheWaitReported() {
		String inAMinute = DateTimeFormatter.RFC_1123_DATE_TIME
			.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(60));
		stub(get("/api/auth/me")
			.willReturn(failure(429, "rate_limited", "Too many requests").withHeader("Retry-After", inAMinute)));
		assertThat(error("whoami", Map.of()))
			.matches("Deferno API error 429 \\[rate_limited]: Too many requests; Deferno asks to wait (59|60) "
					+ "seconds before trying again");
		deferno.verify(1, getRequestedFor(urlEqualTo("/api/auth/me")));
	}

	@Test
	void writeWhenRateLimitedThenTheWaitReported() {
		stub(post("/api/items/plan/add")
			.willReturn(failure(429, "rate_limited", "Too many requests").withHeader("Retry-After", "30")));
		assertThat(error("add_to_items_plan", Map.of("task_id", "11111111-2222-3333-4444-555555555555")))
			.isEqualTo("Deferno API error 429 [rate_limited]: Too many requests; Deferno asks to wait 30 seconds "
					+ "before trying again");
		deferno.verify(1, postRequestedFor(anyUrl()));
	}

	@Test
	void writeWhenGatewayErrorThenNotRetriedAndItsOutcomeUnknown() {
		stub(post("/api/items/plan/add").willReturn(aResponse().withStatus(502)));
		assertThat(error("add_to_items_plan", Map.of("task_id", "11111111-2222-3333-4444-555555555555")))
			.isEqualTo("Deferno API error 502: Bad Gateway, so whether the change was applied is unknown: read the "
					+ "item or list back before trying it again");
		deferno.verify(1, postRequestedFor(anyUrl()));
	}

	@Test
	void readWhenConnectionDropsThenRetriedThenUnreachableMessage() {
		stub(get("/api/auth/me").willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
		assertThat(error("whoami", Map.of())).isEqualTo("Deferno is unreachable; try again later");
		deferno.verify(2, getRequestedFor(urlEqualTo("/api/auth/me")));
	}

	@Test
	void readWhenTheConnectionResetsOrTheAnswerIsCutOffThenRetried() {
		for (Fault fault : List.of(Fault.CONNECTION_RESET_BY_PEER, Fault.MALFORMED_RESPONSE_CHUNK)) {
			deferno.resetRequests();
			stub(get("/api/auth/me").willReturn(aResponse().withFault(fault)));
			assertThat(error("whoami", Map.of())).as(fault.name())
				.isEqualTo("the connection to Deferno failed; try again later");
			deferno.verify(2, getRequestedFor(urlEqualTo("/api/auth/me")));
		}
	}

	@Test
	void writeWhenConnectionDropsThenOutcomeUnknownAndNotSentAgain() {
		stub(post("/api/items/plan/add").willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
		assertThat(error("add_to_items_plan", Map.of("task_id", "11111111-2222-3333-4444-555555555555")))
			.startsWith("Deferno closed the connection without answering, so whether the "
					+ "change was applied is unknown: read the item or list back");
		deferno.verify(1, postRequestedFor(anyUrl()));
	}

	@Test
	void writeWhenConnectionResetThenOutcomeUnknown() {
		stub(post("/api/items/plan/add").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
		assertThat(error("add_to_items_plan", Map.of("task_id", "11111111-2222-3333-4444-555555555555")))
			.contains("whether the change was applied is unknown");
		// a read after a reset is sent again, a write never
		deferno.verify(1, postRequestedFor(anyUrl()));
	}

	@Test
	void writeWhenNoAnswerThenTheAuditLineSaysItsOutcomeIsUnknown(CapturedOutput output) {
		stub(post("/api/items/plan/add").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
		error("add_to_items_plan", Map.of("task_id", ITEM));
		assertThat(output.getAll())
			.contains("\"tool\":\"add_to_items_plan\",\"outcome\":\"error\",\"reason\":\"unknown_outcome\"");
	}

	@Test
	void readWhenUnreachableThenTheAuditLineSaysSoAndAResultHasNoReason(CapturedOutput output) {
		stub(get("/api/auth/me").willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
		error("whoami", Map.of());
		stub(get("/api/items/" + ITEM + "/comments").willReturn(data("[]")));
		ok("list_item_comments", Map.of("item_id", ITEM));
		assertThat(output.getAll())
			.contains("\"tool\":\"whoami\",\"outcome\":\"error\",\"reason\":\"deferno_unreachable\",\"duration_ms\"")
			.contains("\"tool\":\"list_item_comments\",\"outcome\":\"ok\",\"duration_ms\"");
	}

	@Test
	void callWhenDefernoAnswersAnErrorThenTheAuditLineNamesItsStatusAndRequestId(CapturedOutput output) {
		stub(get("/api/items/by-seq/8")
			.willReturn(failure(404, "not_found", "item not found").withHeader("X-Request-Id", "req-404a")));
		stub(get("/api/auth/me").willReturn(aResponse().withStatus(503).withHeader("X-Request-Id", "req-503b")));
		error("get_item", Map.of("item", "#8"));
		error("whoami", Map.of());
		// a 404 told from a 503, and what to ask Deferno's operators about: Deferno's
		// warning is logged once per interval only
		assertThat(output.getAll())
			.contains("\"tool\":\"get_item\",\"outcome\":\"client_error\",\"reason\":\"deferno_error\","
					+ "\"deferno_status\":404,\"deferno_request_id\":\"req-404a\",\"duration_ms\"")
			.contains("\"tool\":\"whoami\",\"outcome\":\"error\",\"reason\":\"deferno_error\","
					+ "\"deferno_status\":503,\"deferno_request_id\":\"req-503b\",\"duration_ms\"");
	}

	@Test
	void callsAreTimedByTheirPathsTemplateNeverTheirValues() {
		stub(get("/api/items/" + ITEM + "/comments").willReturn(data("[]")));
		ok("list_item_comments", Map.of("item_id", ITEM));
		assertThat(this.registry.find("http.client.requests").tag("uri", "/api/items/{id}/comments").timer())
			.isNotNull()
			.satisfies((timer) -> assertThat(timer.count()).isPositive());
		assertThat(this.registry.find("http.client.requests").meters()).map(Meter::getId)
			.allSatisfy((id) -> assertThat(id.getTag("uri")).doesNotContain(ITEM).isNotEqualTo("none"));
	}

	@Test
	void callWhenHtmlErrorPageThenStatusNeverThePage() {
		stub(get("/api/auth/me").willReturn(aResponse().withStatus(500).withBody("<html>oops at 10.0.0.7</html>")));
		assertThat(error("whoami", Map.of()))
			.isEqualTo("Deferno API error 500: Internal Server Error; try again later");
	}

	@Test
	void callWhenDefernoFailsInItsOwnWordsThenNeverEchoedButItsCodeAndRequestId() {
		stub(get("/api/auth/me").willReturn(
				failure(500, "internal_error", "db exploded at 10.0.3.7:5432").withHeader("X-Request-Id", "req-42")));
		assertThat(error("whoami", Map.of()))
			.isEqualTo("Deferno API error 500 [internal_error]: Deferno failed while handling the request (request id "
					+ "req-42); try again later, and if it keeps failing report it to Deferno with the request id");
	}

	@Test
	void writeWhenDefernoFailsThenItsOutcomeUnknownNeverTryAgainLater() {
		stub(post("/api/items/plan/add").willReturn(
				failure(500, "internal_error", "db exploded at 10.0.3.7:5432").withHeader("X-Request-Id", "req-43")));
		assertThat(error("add_to_items_plan", Map.of("task_id", "11111111-2222-3333-4444-555555555555")))
			.isEqualTo("Deferno API error 500 [internal_error]: Deferno failed while handling the request (request id "
					+ "req-43), so whether the change was applied is unknown: read the item or list back before trying "
					+ "it again; if it keeps failing report it to Deferno with the request id");
		deferno.verify(1, postRequestedFor(anyUrl()));
	}

	@Test
	void callWhenOkButNotJsonThenSaysTheAnswerWasNotJsonNeverAnError200() {
		stub(get("/api/auth/me").willReturn(aResponse().withStatus(200).withBody("<html>sign in to the wifi</html>")));
		assertThat(error("whoami", Map.of())).doesNotContain("error 200")
			.contains("Deferno's answer (HTTP 200) was not JSON")
			.doesNotContain("wifi");
	}

	@Test
	void callWhenNotFoundOutsideTheEnvelopeThenStillNotFound() {
		stub(get("/api/items/by-seq/7").willReturn(aResponse().withStatus(404)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"detail\":\"Not Found\"}")));
		assertThat(error("get_item", Map.of("item", "#7"))).isEqualTo("Deferno API error 404: Not Found");
	}

	@Test
	void readWhenDataIsNullThenAnErrorNotTheWordNull() {
		stub(get("/api/items/" + ITEM).willReturn(data("null")));
		assertThat(error("get_item", Map.of("item", ITEM)))
			.startsWith("get_item: Deferno answered without any data, so there is nothing to show");
	}

	@Test
	void writeWhenDataIsNullThenOk() {
		stub(patch("/api/comments/c1").willReturn(data("null")));
		assertThat(ok("update_comment", Map.of("comment_id", "c1", "body", "new")).toString())
			.isEqualTo("{\"ok\":true}");
	}

	@Test
	void callWhenUnsupportedEnvelopeVersionThen502() {
		stub(get("/api/auth/me")
			.willReturn(aResponse().withStatus(200).withBody("{\"version\":\"9.9\",\"data\":{},\"error\":null}")));
		assertThat(error("whoami", Map.of())).contains("unsupported API version: '9.9'");
	}

}
