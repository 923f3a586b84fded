package com.defernowork.gateway.mcp.tools.account;

import java.util.Map;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.Test;

import com.defernowork.gateway.mcp.support.McpToolTestSupport;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

class AccountAndCaptureToolsTests extends McpToolTestSupport {

	static final String ME = "{\"id\":\"00000000-0000-0000-0000-000000000001\",\"username\":\"alice\",\"display_name\":\"Alice\",\"is_admin\":false}";

	@Test
	void whoamiWhenSignedInThenUserVerbatimAsTextAndStructuredContent() {
		stub(get("/api/auth/me").willReturn(data(ME)));
		CallToolResult result = call("whoami", Map.of());
		assertThat(result.isError()).isFalse();
		assertThat(text(result)).isEqualTo(ME);
		assertThat(result.structuredContent()).isEqualTo(Map.of("id", "00000000-0000-0000-0000-000000000001",
				"username", "alice", "display_name", "Alice", "is_admin", false));
		deferno.verify(
				getRequestedFor(urlEqualTo("/api/auth/me")).withHeader("Authorization", equalTo("Bearer test-token"))
					.withHeader("Content-Type", equalTo("application/json")));
	}

	@Test
	void captureItemWhenPlainTaskThenBodyIsExactlyTheTitle() {
		stub(post("/api/tasks").willReturn(data(201, "{\"id\":\"00000000-0000-0000-0000-000000000001\",\"title\":"
				+ "\"Buy milk\",\"status\":\"open\",\"actions\":[{\"kind\":\"Created\"}],\"date_created\":\"2026-04-27T00:00:00Z\"}")));
		assertThat(ok("capture_item", Map.of("title", "Buy milk", "attend", false, "repeats", false)).get("status")
			.stringValue()).isEqualTo("open");
		assertThat(deferno.findAll(postRequestedFor(urlEqualTo("/api/tasks"))).get(0).getBodyAsString())
			.isEqualTo("{\"title\":\"Buy milk\"}");
	}

	@Test
	void captureItemWhenRepeatingNeedThenChoreRoute() {
		stub(post("/api/chores")
			.willReturn(data(201, "{\"id\":\"x\",\"kind\":\"Chore\",\"title\":\"Take out trash\"}")));
		ok("capture_item",
				Map.of("title", "Take out trash", "attend", false, "repeats", true, "obligation", "need", "recurrence",
						Map.of("type", "weekly", "days", java.util.List.of("Tue")), "complete_by",
						"2026-06-23T16:00:00Z"));
		deferno.verify(postRequestedFor(urlEqualTo("/api/chores")).withRequestBody(equalToJson(
				"{\"title\":\"Take out trash\",\"recurrence\":{\"type\":\"weekly\",\"days\":[\"Tue\"]},\"complete_by\":\"2026-06-23T16:00:00Z\"}")));
	}

	@Test
	void captureItemWhenTodaysOccurrenceSkippedThenItReadsDropped() {
		stub(post("/api/chores")
			.willReturn(data(201, "{\"id\":\"x\",\"kind\":\"chore\",\"today_occurrence\":{\"status\":\"skipped\"}}")));
		assertThat(ok("capture_item",
				Map.of("title", "Take out trash", "attend", false, "repeats", true, "obligation", "need", "recurrence",
						Map.of("type", "daily"), "complete_by", "2026-06-23T16:00:00Z"))
			.at("/today_occurrence/status")
			.stringValue()).isEqualTo("dropped");
	}

	@Test
	void captureItemWhenInvalidThenCaptureMessageWithoutHttp() {
		assertThat(error("capture_item", Map.of("title", "Call", "attend", true, "repeats", false)))
			.startsWith("capture_item: an Event (attend=true) requires complete_by");
		assertThat(error("capture_item", Map.of("title", "x", "repeats", false))).contains("attend");
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	@Test
	void captureItemWhenBackendValidationFailsThenErrorCarried() {
		stub(post("/api/tasks").willReturn(failure(400, "validation_error", "title must be non-empty")));
		assertThat(error("capture_item", Map.of("title", "x", "attend", false, "repeats", false)))
			.isEqualTo("Deferno API error 400 [validation_error]: title must be non-empty");
	}

}
