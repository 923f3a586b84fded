package com.defernowork.gateway.mcp.tools.account;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.defernowork.gateway.mcp.support.McpToolTestSupport;
import com.defernowork.gateway.testsupport.OneCalendarDay;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

@OneCalendarDay(zones = "Pacific/Kiritimati")
class AccountAndCaptureToolsTests extends McpToolTestSupport {

	static final String ME = "{\"id\":\"00000000-0000-0000-0000-000000000001\",\"username\":\"alice\",\"display_name\":\"Alice\",\"is_admin\":false}";

	@Test
	void whoamiWhenSignedInThenUserWithTheirZoneAndDayAsTextAndStructuredContent() {
		stub(get("/api/auth/me").willReturn(data(ME)));
		stub(get("/api/auth/me/settings").willReturn(data("{\"time_zone\":\"Pacific/Kiritimati\"}")));
		CallToolResult result = call("whoami", Map.of());
		assertThat(result.isError()).isFalse();
		// today where the person is, which UTC+14 makes another day than UTC's for ten
		// hours of each day
		String today = LocalDate.now(ZoneId.of("Pacific/Kiritimati")).toString();
		assertThat(text(result)).isEqualTo(ME.replace("}",
				",\"time_zone\":\"Pacific/Kiritimati\",\"time_zone_saved\":true,\"today\":\"" + today + "\"}"));
		assertThat(result.structuredContent()).isEqualTo(
				Map.of("id", "00000000-0000-0000-0000-000000000001", "username", "alice", "display_name", "Alice",
						"is_admin", false, "time_zone", "Pacific/Kiritimati", "time_zone_saved", true, "today", today));
		deferno.verify(
				getRequestedFor(urlEqualTo("/api/auth/me")).withHeader("Authorization", equalTo("Bearer test-token"))
					.withHeader("Content-Type", equalTo("application/json")));
	}

	@Test
	void whoamiWhenNoZoneIsSavedThenUtcAndWhenTheSettingsFailThenTheProfileAlone() {
		stub(get("/api/auth/me").willReturn(data(ME)));
		stub(get("/api/auth/me/settings").willReturn(data("{\"time_zone\":null}")));
		JsonNode none = ok("whoami", Map.of());
		assertThat(none.get("time_zone").stringValue()).isEqualTo("UTC");
		// none saved is told apart from a saved UTC: the calendar's first tz replaces it
		assertThat(none.get("time_zone_saved").booleanValue()).isFalse();
		stub(get("/api/auth/me/settings").willReturn(data("{\"time_zone\":\"UTC\"}")));
		JsonNode utc = ok("whoami", Map.of());
		assertThat(utc.get("time_zone").stringValue()).isEqualTo("UTC");
		assertThat(utc.get("time_zone_saved").booleanValue()).isTrue();
		assertThat(listed("whoami").description()).contains("time_zone_saved",
				"false means none is saved and time_zone is UTC by default");
		// whoami confirms the sign-in: a settings read Deferno fails leaves the day out
		stub(get("/api/auth/me/settings").willReturn(aResponse().withStatus(500)));
		JsonNode answer = ok("whoami", Map.of());
		assertThat(answer.get("username").stringValue()).isEqualTo("alice");
		assertThat(answer.has("time_zone")).isFalse();
		assertThat(answer.has("today")).isFalse();
	}

	/**
	 * The probe's Tokyo meeting: complete_by 18:00 there and time_of_day 09:00 was stored
	 * as it was, and its end then refused by Deferno (which checks complete_by).
	 */
	@Test
	void captureItemWhenAnEventsTimeOfDayIsNotCompleteBysClockInTheUsersZoneThenRefusedBeforeAnyWrite() {
		stub(get("/api/auth/me/settings").willReturn(data("{\"time_zone\":\"Asia/Tokyo\"}")));
		assertThat(error("capture_item",
				Map.of("title", "Tokyo meet A", "attend", true, "repeats", false, "complete_by", "2026-12-10T09:00:00Z",
						"time_of_day", "09:00")))
			.contains("complete_by 2026-12-10T09:00:00Z is 18:00 in Asia/Tokyo (the user's time zone) and "
					+ "time_of_day is 09:00")
			.contains("Send complete_by 2026-12-10T09:00:00+09:00 to start at 09:00, or time_of_day \"18:00\"");
		deferno.verify(exactly(0), postRequestedFor(anyUrl()));
	}

	/**
	 * An Event captured without time_of_day starts at complete_by's clock in the user's
	 * zone, not all-day without a word; the answer says where its start time came from.
	 */
	@Test
	void captureItemWhenAnEventHasNoTimeOfDayThenItStartsAtCompleteBysClockAndTheAnswerSaysSo() {
		stub(get("/api/auth/me/settings").willReturn(data("{\"time_zone\":\"Asia/Tokyo\"}")));
		stub(post("/api/events").willReturn(data(201,
				"{\"id\":\"00000000-0000-0000-0000-000000000009\","
						+ "\"kind\":\"Event\",\"title\":\"Standup\",\"complete_by\":\"2026-12-08T09:00:00Z\","
						+ "\"start_time_of_day\":\"18:00\"}")));
		JsonNode created = ok("capture_item",
				Map.of("title", "Standup", "attend", true, "repeats", false, "complete_by", "2026-12-08T09:00:00Z"));
		assertThat(deferno.findAll(postRequestedFor(urlEqualTo("/api/events"))).get(0).getBodyAsString()).isEqualTo(
				"{\"title\":\"Standup\",\"complete_by\":\"2026-12-08T09:00:00Z\",\"start_time_of_day\":\"18:00\"}");
		assertThat(created.get("note").stringValue()).startsWith("start_time_of_day 18:00 was taken from "
				+ "complete_by 2026-12-08T09:00:00Z, which is 18:00 in Asia/Tokyo");
	}

	@Test
	void captureItemWhenPlainTaskThenBodyIsTheTitleAndAnEmptyDescription() {
		stub(post("/api/tasks").willReturn(data(201, "{\"id\":\"00000000-0000-0000-0000-000000000001\",\"title\":"
				+ "\"Buy milk\",\"status\":\"open\",\"actions\":[{\"kind\":\"Created\"}],\"date_created\":\"2026-04-27T00:00:00Z\"}")));
		assertThat(ok("capture_item", Map.of("title", "Buy milk", "attend", false, "repeats", false)).get("status")
			.stringValue()).isEqualTo("open");
		assertThat(deferno.findAll(postRequestedFor(urlEqualTo("/api/tasks"))).get(0).getBodyAsString())
			.isEqualTo("{\"title\":\"Buy milk\",\"description\":\"\"}");
	}

	@Test
	void captureItemWhenDefernoSendsNoneOfTheItemBackThenCreatedButTheAgentIsToldToFindItNotToCaptureAgain() {
		for (var answer : java.util.List.of(aResponse().withStatus(201), data(201, "null"))) {
			stub(post("/api/tasks").willReturn(answer));
			JsonNode result = ok("capture_item", Map.of("title", "Buy milk", "attend", false, "repeats", false));
			assertThat(result.get("ok").asBoolean()).isTrue();
			assertThat(result.get("note").stringValue()).startsWith("Deferno created the item")
				.contains("search_items")
				.contains("do not capture it again");
		}
	}

	@Test
	void captureItemWhenRepeatingNeedThenChoreRoute() {
		stub(post("/api/chores")
			.willReturn(data(201, "{\"id\":\"x\",\"kind\":\"Chore\",\"title\":\"Take out trash\"}")));
		// Deferno's entity answers say "Chore" where its lists say "chore": the tools say
		// one
		assertThat(ok("capture_item",
				Map.of("title", "Take out trash", "attend", false, "repeats", true, "obligation", "need", "recurrence",
						Map.of("type", "weekly", "days", java.util.List.of("Tue")), "complete_by",
						"2026-06-23T16:00:00Z"))
			.get("kind")
			.stringValue()).isEqualTo("chore");
		deferno.verify(postRequestedFor(urlEqualTo("/api/chores")).withRequestBody(equalToJson(
				"{\"title\":\"Take out trash\",\"recurrence\":{\"type\":\"weekly\",\"days\":[\"Tue\"]},\"complete_by\":\"2026-06-23T16:00:00Z\"}")));
	}

	@Test
	void captureItemWhenRecurrenceNumbersWrittenAsDecimalsThenSentAsIntegers() {
		// JSON Schema's integer takes 2.0; Deferno takes only 2
		stub(post("/api/chores").willReturn(data(201, "{\"id\":\"x\",\"kind\":\"Chore\"}")));
		ok("capture_item",
				Map.of("title", "Water plants", "attend", false, "repeats", true, "obligation", "need", "recurrence",
						Map.of("type", "monthly", "interval", 2.0, "on", Map.of("type", "day_of_month", "day", 23.0),
								"end", Map.of("type", "after_count", "n", 10.0)),
						"complete_by", "2026-06-23T16:00:00Z"));
		String sent = deferno.findAll(postRequestedFor(urlEqualTo("/api/chores"))).get(0).getBodyAsString();
		assertThat(sent).contains("\"interval\":2", "\"day\":23", "\"n\":10").doesNotContain("2.0", "23.0", "10.0");
	}

	@Test
	void captureItemWhenDescriptionEmptyAndTitleEndsWithALineBreakThenTakenAsNoneAndTrimmed() {
		stub(post("/api/tasks").willReturn(data(201, "{\"id\":\"x\",\"kind\":\"Task\"}")));
		ok("capture_item", Map.of("title", "Buy milk\n", "description", "", "attend", false, "repeats", false));
		deferno.verify(postRequestedFor(urlEqualTo("/api/tasks"))
			.withRequestBody(equalToJson("{\"title\":\"Buy milk\"," + "\"description\":\"\"}")));
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
	void captureItemWhenTitleHasNoVisibleCharacterOrAControlCharacterThenRefusedWithoutHttp() {
		for (String title : java.util.List.of("\u200b", "\ufeff ", "\u202e\u202d", "\u3164")) {
			assertThat(error("capture_item", Map.of("title", title, "attend", false, "repeats", false)))
				.contains("title must have at least one visible character");
		}
		for (String title : java.util.List.of("a\u0000b", "\u001b[2Jcleared", "tab\there")) {
			assertThat(error("capture_item", Map.of("title", title, "attend", false, "repeats", false)))
				.contains("title must not contain control characters");
		}
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	@Test
	void captureItemWhenAnEventsRepeatsAndRecurrenceDisagreeThenRefusedWithoutHttp() {
		assertThat(error("capture_item",
				Map.of("title", "Standup", "attend", true, "repeats", true, "complete_by", "2026-12-02T09:00:00Z")))
			.contains("a repeating Event (attend=true, repeats=true) needs recurrence");
		assertThat(error("capture_item",
				Map.of("title", "Dentist", "attend", true, "repeats", false, "complete_by", "2026-12-02T09:00:00Z",
						"recurrence", Map.of("type", "daily"))))
			.contains("a one-off Event (attend=true, repeats=false) cannot carry a recurrence");
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	@Test
	void captureItemWhenBackendValidationFailsThenErrorCarried() {
		stub(post("/api/tasks").willReturn(failure(400, "validation_error", "title must be non-empty")));
		assertThat(error("capture_item", Map.of("title", "x", "attend", false, "repeats", false)))
			.isEqualTo("Deferno API error 400 [validation_error]: title must be non-empty");
	}

}
