package com.defernowork.gateway.mcp.tools.occurrences;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import io.modelcontextprotocol.spec.McpSchema.GetPromptRequest;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import tools.jackson.databind.JsonNode;

import com.defernowork.gateway.mcp.deferno.projection.OccurrenceStatus;
import com.defernowork.gateway.mcp.support.McpToolTestSupport;
import com.defernowork.gateway.testsupport.OneCalendarDay;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

@OneCalendarDay(zones = { "UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago" })
class OccurrenceToolsTests extends McpToolTestSupport {

	static final String ID = "00000000-0000-0000-0000-000000000099";

	static void kind(String kind) {
		stub(get("/api/items/" + ID)
			.willReturn(data("{\"kind\":\"" + kind + "\",\"type\":\"" + kind + "\",\"id\":\"" + ID + "\"}")));
	}

	@Test
	void listOccurrencesWhenChoreWithRangeThenFromToSentAndStatusesInTheToolsWords() {
		kind("chore");
		stub(get(urlEqualTo("/api/chores/" + ID + "/occurrences?from=2026-05-01&to=2026-05-05")).willReturn(data("""
				[{"date":"2026-05-01","status":"DoneOnTime"},{"date":"2026-05-02","status":"Skipped"},\
				{"date":"2026-05-03","status":"Missed"},{"date":"2026-05-04","status":"InProgress"},\
				{"date":"2026-05-05","status":"Scheduled"}]""")));
		JsonNode list = ok("list_occurrences", Map.of("ref", ID, "from_date", "2026-05-01", "to_date", "2026-05-05"));
		assertThat(list.findValuesAsString("status")).containsExactly("done_on_time", "dropped", "missed",
				"in_progress", "scheduled");
	}

	/** Deferno refuses more than 366 days: said before anything is sent. */
	@Test
	void listOccurrencesWhenTheRangeIsLongerThanDefernoListsThenRefusedBeforeAnyRequest() {
		assertThat(error("list_occurrences", Map.of("ref", ID, "from_date", "2026-01-01", "to_date", "2027-01-03")))
			.contains("from_date 2026-01-01 to to_date 2027-01-03 spans 367 days, and Deferno lists at most 366 days "
					+ "of occurrences at once");
		assertThat(deferno.getAllServeEvents()).isEmpty();
		assertThat(listed("list_occurrences").description()).contains("to_date at most 366 days after from_date");
	}

	@Test
	void listOccurrencesWhenNoRangeThenDefaultWindowAroundToday() {
		kind("event");
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		stub(get(urlEqualTo(
				"/api/events/" + ID + "/occurrences?from=" + today.minusDays(30) + "&to=" + today.plusDays(30)))
			.willReturn(data("[]")));
		assertThat(ok("list_occurrences", Map.of("ref", ID)).isArray()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "Pacific/Kiritimati", "Pacific/Pago_Pago" })
	void listOccurrencesWhenNoRangeThenTheWindowIsAroundThePersonsToday(String zone) {
		// +14 h and -11 h: at any hour one of them is on another day than UTC
		kind("chore");
		stub(get("/api/auth/me/settings").willReturn(data("{\"time_zone\":\"" + zone + "\"}")));
		LocalDate today = LocalDate.now(ZoneId.of(zone));
		stub(get(urlEqualTo(
				"/api/chores/" + ID + "/occurrences?from=" + today.minusDays(30) + "&to=" + today.plusDays(30)))
			.willReturn(data("[]")));
		assertThat(ok("list_occurrences", Map.of("ref", ID)).isArray()).isTrue();
	}

	@Test
	void listOccurrencesWhenOneEndNearTheCalendarsEdgeThenTheWindowStopsThere() {
		// every date listed must be one a date argument can name again
		kind("chore");
		stub(get(urlEqualTo("/api/chores/" + ID + "/occurrences?from=9999-12-01&to=9999-12-31"))
			.willReturn(data("[]")));
		stub(get(urlEqualTo("/api/chores/" + ID + "/occurrences?from=0001-01-01&to=0001-01-15"))
			.willReturn(data("[]")));
		assertThat(ok("list_occurrences", Map.of("ref", ID, "from_date", "9999-12-01")).isArray()).isTrue();
		assertThat(ok("list_occurrences", Map.of("ref", ID, "to_date", "0001-01-15")).isArray()).isTrue();
	}

	@Test
	void setOccurrenceStatusWhenScheduledThenTheDayClearedAndShownAsItIsNow() {
		kind("event");
		stub(post("/api/events/" + ID + "/occurrences/2026-05-10/clear").withRequestBody(equalToJson("{}"))
			.willReturn(aResponse().withStatus(204)));
		stub(get(urlEqualTo("/api/events/" + ID + "/occurrences?from=2026-05-10&to=2026-05-10"))
			.willReturn(data("[{\"scheduled_date\":\"2026-05-10\",\"status\":\"Scheduled\"}]")));
		assertThat(ok("set_occurrence_status", Map.of("ref", ID, "date", "2026-05-10", "status", "scheduled"))
			.path("status")
			.asString()).isEqualTo("scheduled");
		deferno.verify(postRequestedFor(urlEqualTo("/api/events/" + ID + "/occurrences/2026-05-10/clear")));
	}

	@Test
	void setOccurrenceStatusWhenScheduledOnAnOlderDefernoThenItsDelete() {
		kind("habit");
		stub(post("/api/habits/" + ID + "/occurrences/2026-05-10/clear")
			.willReturn(failure(404, "not_found", "no such route")));
		stub(delete("/api/habits/" + ID + "/occurrences/2026-05-10").willReturn(aResponse().withStatus(204)));
		stub(get(urlEqualTo("/api/habits/" + ID + "/occurrences?from=2026-05-10&to=2026-05-10"))
			.willReturn(data("[]")));
		ok("set_occurrence_status", Map.of("ref", ID, "date", "2026-05-10", "status", "scheduled"));
		deferno.verify(deleteRequestedFor(urlEqualTo("/api/habits/" + ID + "/occurrences/2026-05-10")));
	}

	@Test
	void setOccurrenceStatusWhenScheduledWithoutDateOrWithCascadeThenRefusedWithoutWrite() {
		kind("chore");
		assertThat(error("set_occurrence_status", Map.of("ref", ID, "status", "scheduled")))
			.contains("scheduled undoes what was set on one occurrence: it takes its date");
		assertThat(error("set_occurrence_status",
				Map.of("ref", ID, "date", "2026-05-10", "status", "scheduled", "cascade_subtasks", true)))
			.contains("and no cascade_subtasks");
		deferno.verify(0, postRequestedFor(anyUrl()));
		deferno.verify(0, deleteRequestedFor(anyUrl()));
	}

	@Test
	void listOccurrencesWhenTaskThenExplainedWithoutList() {
		kind("task");
		assertThat(error("list_occurrences", Map.of("ref", ID)))
			.isEqualTo("list_occurrences: a task has no occurrences (only Chore / Habit / Event do)");
	}

	@Test
	void setOccurrenceStatusWhenInvalidStatusThenRefusedBeforeAnyHttp() {
		assertThat(error("set_occurrence_status", Map.of("ref", ID, "status", "finished")))
			.contains("status: must be one of \"in_progress\", \"done\", \"dropped\"");
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	@Test
	void setOccurrenceStatusWhenChoreDatedDroppedThenSkippedSent() {
		kind("chore");
		stub(put("/api/chores/" + ID + "/occurrences/2026-05-01")
			.willReturn(data("{\"date\":\"2026-05-01\",\"status\":\"Skipped\"}")));
		// what was set as dropped reads back as dropped, not Deferno's Skipped
		assertThat(
				ok("set_occurrence_status", Map.of("ref", ID, "date", "2026-05-01", "status", "dropped")).get("status")
					.stringValue())
			.isEqualTo("dropped");
		deferno.verify(putRequestedFor(urlEqualTo("/api/chores/" + ID + "/occurrences/2026-05-01"))
			.withRequestBody(equalToJson("{\"status\":\"skipped\"}")));
	}

	@Test
	void setOccurrenceStatusWhenChoreDoneRefusedThenNotSentAgainInTheSameForm() {
		kind("chore");
		stub(put("/api/chores/" + ID + "/occurrences/2026-05-01")
			.willReturn(failure(422, "unprocessable", "occurrence is archived")));
		assertThat(error("set_occurrence_status", Map.of("ref", ID, "date", "2026-05-01", "status", "done")))
			.contains("422");
		deferno.verify(1, putRequestedFor(urlEqualTo("/api/chores/" + ID + "/occurrences/2026-05-01")));
	}

	@Test
	void setOccurrenceStatusWhenOldBackendRefusesSkippedThenDroppedSent() {
		kind("chore");
		stub(put("/api/chores/" + ID + "/occurrences/2026-05-01")
			.withRequestBody(equalToJson("{\"status\":\"skipped\"}"))
			.willReturn(failure(422, "unprocessable", "unknown variant `skipped`")));
		stub(put("/api/chores/" + ID + "/occurrences/2026-05-01")
			.withRequestBody(equalToJson("{\"status\":\"dropped\"}"))
			.willReturn(data("{\"date\":\"2026-05-01\",\"status\":\"Dropped\"}")));
		assertThat(
				ok("set_occurrence_status", Map.of("ref", ID, "date", "2026-05-01", "status", "dropped")).get("status")
					.stringValue())
			.isEqualTo("dropped");
	}

	@Test
	void setOccurrenceStatusWhenDefernoRefusesTheWriteThenNoOlderFormAndItsReasonReported() {
		kind("chore");
		stub(put("/api/chores/" + ID + "/occurrences/2026-05-01")
			.withRequestBody(equalToJson("{\"status\":\"skipped\"}"))
			.willReturn(failure(422, "unprocessable", "this occurrence is locked by a closed period")));
		stub(put("/api/chores/" + ID + "/occurrences/2026-05-01")
			.withRequestBody(equalToJson("{\"status\":\"dropped\"}"))
			.willReturn(failure(400, "bad_request",
					"invalid chore action 'dropped': must be one of in_progress, done, skipped")));
		assertThat(error("set_occurrence_status", Map.of("ref", ID, "date", "2026-05-01", "status", "dropped")))
			.isEqualTo("Deferno API error 422 [unprocessable]: this occurrence is locked by a closed period");
		deferno.verify(1, putRequestedFor(urlEqualTo("/api/chores/" + ID + "/occurrences/2026-05-01")));
	}

	@Test
	void setOccurrenceStatusWhenAValidationRefusalThenNoSecondWrite() {
		kind("chore");
		for (String refusal : List.of("this occurrence is locked", "title must not be empty",
				"invalid value for field status", "missing required field: note", "invalid type of recurrence",
				"could not deserialize the schedule")) {
			deferno.resetAll();
			kind("chore");
			stub(put("/api/chores/" + ID + "/occurrences/2026-05-01")
				.willReturn(failure(422, "validation_error", refusal)));
			assertThat(error("set_occurrence_status", Map.of("ref", ID, "date", "2026-05-01", "status", "dropped")))
				.isEqualTo("Deferno API error 422 [validation_error]: " + refusal);
			deferno.verify(1, putRequestedFor(urlEqualTo("/api/chores/" + ID + "/occurrences/2026-05-01")));
		}
	}

	@Test
	void setOccurrenceStatusWhenNeitherFormIsKnownThenTheNewerFormsRefusalReported() {
		kind("chore");
		stub(put("/api/chores/" + ID + "/occurrences/2026-05-01")
			.withRequestBody(equalToJson("{\"status\":\"skipped\"}"))
			.willReturn(failure(422, "unprocessable", "unknown variant `skipped`, expected `done` or `missed`")));
		stub(put("/api/chores/" + ID + "/occurrences/2026-05-01")
			.withRequestBody(equalToJson("{\"status\":\"dropped\"}"))
			.willReturn(failure(422, "unprocessable", "unknown variant `dropped`, expected `done` or `missed`")));
		assertThat(error("set_occurrence_status", Map.of("ref", ID, "date", "2026-05-01", "status", "dropped")))
			.contains("unknown variant `skipped`");
		deferno.verify(2, putRequestedFor(urlEqualTo("/api/chores/" + ID + "/occurrences/2026-05-01")));
	}

	@Test
	void occurrenceStatusesWhenAgentsReadAboutThemThenEveryWordIsNamed() {
		String instructions = this.mcp.getServerInstructions();
		String listing = listed("list_occurrences").description();
		String review = ((TextContent) this.mcp.getPrompt(new GetPromptRequest("daily_review", Map.of()))
			.messages()
			.get(0)
			.content()).text();
		for (String word : OccurrenceStatus.WORDS) {
			assertThat(instructions).as("instructions").contains("`" + word + "`");
			assertThat(review).as("daily_review").contains("`" + word + "`");
			assertThat(listing).as("list_occurrences").contains(word);
		}
	}

	@Test
	void setOccurrenceStatusWhenListedThenNotIdempotentAndSaysADatelessCallMovesOn() {
		Tool tool = listed("set_occurrence_status");
		// clients retry idempotent calls freely; a dateless call marks the next
		// occurrence each time
		assertThat(tool.annotations().idempotentHint()).isFalse();
		// it replaces a status, and with cascade_subtasks the subtasks' too
		assertThat(tool.annotations().destructiveHint()).isTrue();
		// Deferno's next is the earliest open one, which may be a missed one
		assertThat(tool.description())
			.contains("each call marks its earliest open occurrence after the last one done "
					+ "or dropped, a missed one from an earlier day included")
			.doesNotContain("NEXT");
		// Deferno never marks an Event done late
		assertThat(tool.description()).contains("an Event is never late")
			.doesNotContain("done reads back done_on_time or done_late,");
	}

	@Test
	void setOccurrenceStatusWhenChoreWithoutDateRefusedForOpenSubtasksThenTheDateIsNamedWithTheCascade() {
		kind("chore");
		stub(post("/api/chores/" + ID + "/mark-next-done").willReturn(failure(409, "conflict",
				"1 subtask(s) are not done or dropped; pass cascade_subtasks=true to resolve them")));
		assertThat(error("set_occurrence_status", Map.of("ref", ID)))
			.isEqualTo("Deferno API error 409 [conflict]: 1 subtask(s) are not done or "
					+ "dropped; pass cascade_subtasks=true to resolve them (a Chore's cascade_subtasks needs the "
					+ "occurrence's date too, which list_occurrences shows)");
	}

	@Test
	void setOccurrenceStatusWhenTheFrameworkRefusesTheBodyOutsideTheEnvelopeThenOlderForm() {
		kind("chore");
		stub(post("/api/chores/" + ID + "/mark-next-done").withRequestBody(equalToJson("{\"action\":\"done\"}"))
			.willReturn(aResponse().withStatus(422)
				.withHeader("Content-Type", "text/plain")
				.withBody("Failed to deserialize the JSON body into the target type: missing field `status`")));
		stub(post("/api/chores/" + ID + "/mark-next-done").withRequestBody(equalToJson("{\"status\":\"done\"}"))
			.willReturn(data("{\"date\":\"2026-05-01\",\"status\":\"DoneOnTime\"}")));
		assertThat(ok("set_occurrence_status", Map.of("ref", ID)).get("status").stringValue())
			.isEqualTo("done_on_time");
	}

	@Test
	void setOccurrenceStatusWhenChoreWithoutDateThenMarkNextDoneWithAction() {
		kind("chore");
		stub(post("/api/chores/" + ID + "/mark-next-done")
			.willReturn(data("{\"date\":\"2026-05-01\",\"status\":\"DoneOnTime\"}")));
		ok("set_occurrence_status", Map.of("ref", ID));
		deferno.verify(postRequestedFor(urlEqualTo("/api/chores/" + ID + "/mark-next-done"))
			.withRequestBody(equalToJson("{\"action\":\"done\"}")));
	}

	@Test
	void setOccurrenceStatusWhenMarkNextDoneRefusesActionThenOldStatusForm() {
		kind("chore");
		stub(post("/api/chores/" + ID + "/mark-next-done").withRequestBody(equalToJson("{\"action\":\"in_progress\"}"))
			.willReturn(failure(422, "unprocessable", "missing field `status`")));
		stub(post("/api/chores/" + ID + "/mark-next-done").withRequestBody(equalToJson("{\"status\":\"in_progress\"}"))
			.willReturn(data("{\"date\":\"2026-05-01\",\"status\":\"InProgress\"}")));
		assertThat(ok("set_occurrence_status", Map.of("ref", ID, "status", "in_progress")).get("status").stringValue())
			.isEqualTo("in_progress");
	}

	/**
	 * Deferno's mark-next-done takes the action alone: a cascade there would leave the
	 * subtasks open while the agent is told they were resolved.
	 */
	@Test
	void setOccurrenceStatusWhenChoreWithoutDateAndCascadeThenRefusedNamingTheDateWithoutWrite() {
		kind("chore");
		assertThat(error("set_occurrence_status", Map.of("ref", ID, "cascade_subtasks", true)))
			.contains("cascade_subtasks needs the occurrence's date for a Chore", "list_occurrences");
		deferno.verify(0, postRequestedFor(urlEqualTo("/api/chores/" + ID + "/mark-next-done")));
	}

	@Test
	void setOccurrenceStatusWhenChoreDatedAndCascadeThenTheOlderFormCascadesToo() {
		kind("chore");
		stub(put("/api/chores/" + ID + "/occurrences/2026-05-01")
			.withRequestBody(equalToJson("{\"status\":\"skipped\",\"cascade_subtasks\":true}"))
			.willReturn(failure(422, "unprocessable", "unknown variant `skipped`")));
		stub(put("/api/chores/" + ID + "/occurrences/2026-05-01")
			.withRequestBody(equalToJson("{\"status\":\"dropped\",\"cascade_subtasks\":true}"))
			.willReturn(data("{\"date\":\"2026-05-01\",\"status\":\"Dropped\"}")));
		ok("set_occurrence_status",
				Map.of("ref", ID, "date", "2026-05-01", "status", "dropped", "cascade_subtasks", true));
		deferno.verify(2, putRequestedFor(urlEqualTo("/api/chores/" + ID + "/occurrences/2026-05-01")));
	}

	@Test
	void setOccurrenceStatusWhenEventThenActionAndCascadeAlwaysSent() {
		kind("event");
		stub(post("/api/events/" + ID + "/occurrences/2026-05-10")
			.willReturn(data("{\"id\":\"00000000-0000-0000-0000-000000000001\",\"parent_id\":\"" + ID
					+ "\",\"scheduled_date\":\"2026-05-10\",\"status\":\"DoneOnTime\",\"done_at\":\"2026-05-10T18:00:00Z\"}")));
		ok("set_occurrence_status", Map.of("ref", ID, "date", "2026-05-10", "status", "done"));
		deferno.verify(postRequestedFor(urlEqualTo("/api/events/" + ID + "/occurrences/2026-05-10"))
			.withRequestBody(equalToJson("{\"action\":\"done\",\"cascade_subtasks\":false}")));
	}

	@Test
	void setOccurrenceStatusWhenHabitThenDoneFlagAndInProgressIsNoOp() {
		kind("habit");
		stub(post("/api/habits/" + ID + "/occurrences").willReturn(data("{\"date\":\"2026-05-07\",\"done\":false}")));
		ok("set_occurrence_status", Map.of("ref", ID, "date", "2026-05-07", "status", "dropped"));
		deferno.verify(postRequestedFor(urlEqualTo("/api/habits/" + ID + "/occurrences"))
			.withRequestBody(equalToJson("{\"done\":false,\"date\":\"2026-05-07\"}")));
		JsonNode noOp = ok("set_occurrence_status", Map.of("ref", ID, "date", "2026-05-07", "status", "in_progress"));
		assertThat(noOp.get("ok").booleanValue()).isTrue();
		assertThat(deferno.findAll(postRequestedFor(anyUrl()))).hasSize(1);
		assertThat(error("set_occurrence_status", Map.of("ref", ID))).contains("dateless next-mode");
	}

	private void occurrenceOf(String kind, String date, String row) {
		stub(get(urlEqualTo("/api/" + kind + "s/" + ID + "/occurrences?from=" + date + "&to=" + date))
			.willReturn(data("[" + row + "]")));
	}

	@Test
	void rescheduleOccurrenceWhenEventThenNewDatePosted() {
		kind("event");
		occurrenceOf("event", "2026-05-10", "{\"scheduled_date\":\"2026-05-10\",\"status\":\"Scheduled\"}");
		stub(post("/api/events/" + ID + "/occurrences/2026-05-10/reschedule").willReturn(data(
				"{\"id\":\"x\",\"scheduled_date\":\"2026-05-17\",\"status\":\"Scheduled\",\"rescheduled_from\":\"2026-05-10\"}")));
		assertThat(ok("reschedule_occurrence", Map.of("ref", ID, "date", "2026-05-10", "new_date", "2026-05-17"))
			.get("rescheduled_from")
			.stringValue()).isEqualTo("2026-05-10");
		deferno.verify(postRequestedFor(urlEqualTo("/api/events/" + ID + "/occurrences/2026-05-10/reschedule"))
			.withRequestBody(equalToJson("{\"new_date\":\"2026-05-17\"}")));
	}

	@Test
	void rescheduleOccurrenceWhenTheDayIsDoneThenRefusedWithoutWrite() {
		kind("event");
		occurrenceOf("event", "2026-05-10", "{\"scheduled_date\":\"2026-05-10\",\"status\":\"DoneLate\"}");
		assertThat(error("reschedule_occurrence", Map.of("ref", ID, "date", "2026-05-10", "new_date", "2026-05-17")))
			.isEqualTo("reschedule_occurrence: the occurrence of 2026-05-10 is already done (done_late): rescheduling "
					+ "marks the day it leaves dropped, so its completion would be lost. Ask the user; to move it all "
					+ "the same, first set_occurrence_status it to in_progress");
		kind("habit");
		occurrenceOf("habit", "2026-05-10", "{\"date\":\"2026-05-10\",\"done\":true}");
		assertThat(error("reschedule_occurrence", Map.of("ref", ID, "date", "2026-05-10", "new_date", "2026-05-17")))
			.contains("already done (done)", "first set_occurrence_status it to dropped (which clears the check-in)");
		deferno.verify(0, postRequestedFor(anyUrl()));
	}

	@Test
	void rescheduleOccurrenceWhenChoreThenBackend501Reported() {
		kind("chore");
		occurrenceOf("chore", "2026-05-10", "{\"date\":\"2026-05-10\",\"status\":\"Missed\"}");
		stub(post("/api/chores/" + ID + "/occurrences/2026-05-10/reschedule")
			.willReturn(failure(501, "not_implemented", "legacy storage")));
		assertThat(error("reschedule_occurrence", Map.of("ref", ID, "date", "2026-05-10", "new_date", "2026-05-11")))
			.isEqualTo("Deferno API error 501 [not_implemented]: legacy storage. Deferno cannot move a chore's "
					+ "occurrence: to let 2026-05-10 go, set_occurrence_status it to dropped; to move every "
					+ "occurrence, change the series' recurrence with update_item (ask the user which)");
		kind("habit");
		occurrenceOf("habit", "2026-05-10", "{\"date\":\"2026-05-10\",\"done\":false}");
		stub(post("/api/habits/" + ID + "/occurrences/2026-05-10/reschedule")
			.willReturn(failure(501, "not_implemented", "legacy storage")));
		assertThat(error("reschedule_occurrence", Map.of("ref", ID, "date", "2026-05-10", "new_date", "2026-05-11")))
			.contains("a Habit's day is done or not, so leave 2026-05-10 undone", "update_item");
	}

	@Test
	void setOccurrenceStatusWhenChoreWithoutDateMarksAMissedDayThenTheAnswerSaysSo() {
		kind("chore");
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		LocalDate missed = today.minusDays(7);
		stub(post("/api/chores/" + ID + "/mark-next-done")
			.willReturn(data("{\"date\":\"" + missed + "\",\"status\":\"DoneLate\"}")));
		JsonNode marked = ok("set_occurrence_status", Map.of("ref", ID));
		assertThat(marked.get("date").stringValue()).isEqualTo(missed.toString());
		assertThat(marked.get("note").stringValue()).startsWith("Marked done on " + missed + ", a missed occurrence "
				+ "(before today, " + today + "): the earliest open one after the last done or dropped. To undo it, "
				+ "set_occurrence_status with date " + missed + " and status scheduled");
		// today's own: nothing to say
		stub(post("/api/chores/" + ID + "/mark-next-done")
			.willReturn(data("{\"date\":\"" + today + "\",\"status\":\"DoneOnTime\"}")));
		assertThat(ok("set_occurrence_status", Map.of("ref", ID)).has("note")).isFalse();
	}

	static final String OPEN = "00000000-0000-0000-0000-0000000000a1";

	static final String FINISHED = "00000000-0000-0000-0000-0000000000a2";

	/** An item with two subtasks, one open, one done, and a chore beneath it too. */
	static void withSubtasks(String kind) {
		stub(get("/api/items/" + ID).willReturn(data("{\"kind\":\"" + kind + "\",\"id\":\"" + ID + "\",\"children\":[\""
				+ OPEN + "\",\"" + FINISHED + "\"]}")));
		stub(get("/api/items/" + OPEN).willReturn(data("{\"kind\":\"task\",\"id\":\"" + OPEN
				+ "\",\"ref\":\"#89\",\"title\":\"Call the plumber\",\"status\":\"in-progress\"}")));
		stub(get("/api/items/" + FINISHED).willReturn(data("{\"kind\":\"task\",\"id\":\"" + FINISHED
				+ "\",\"ref\":\"#90\",\"title\":\"Buy pipes\",\"status\":\"done\"}")));
	}

	@Test
	void setOccurrenceStatusWhenDefernoRefusesForOpenSubtasksThenTheRefusalNamesThemAndWhatACascadeWouldDo() {
		withSubtasks("event");
		stub(post("/api/events/" + ID + "/occurrences/2026-12-14").willReturn(failure(409, "conflict",
				"1 subtask(s) are not done or dropped; pass cascade_subtasks=true to resolve them with the occurrence")));
		assertThat(error("set_occurrence_status", Map.of("ref", ID, "date", "2026-12-14")))
			.isEqualTo("Deferno API error 409 [conflict]: 1 subtask(s) are not done or dropped; pass "
					+ "cascade_subtasks=true to resolve them with the occurrence. Open: task 'Call the plumber' (#89, "
					+ "in-progress); with cascade_subtasks=true it is marked done together with the occurrence (ask "
					+ "the user first)");
		assertThat(error("set_occurrence_status", Map.of("ref", ID, "date", "2026-12-14", "status", "dropped")))
			.contains("it is marked dropped together with the occurrence");
	}

	@Test
	void setOccurrenceStatusWhenNoCascadeAndDefernoAcceptsThenNoSubtaskIsRead() {
		withSubtasks("event");
		stub(post("/api/events/" + ID + "/occurrences/2026-12-14")
			.willReturn(data("{\"scheduled_date\":\"2026-12-14\",\"status\":\"DoneOnTime\"}")));
		assertThat(ok("set_occurrence_status", Map.of("ref", ID, "date", "2026-12-14")).has("subtasks_resolved"))
			.isFalse();
		deferno.verify(0, getRequestedFor(urlEqualTo("/api/items/" + OPEN)));
	}

	@Test
	void setOccurrenceStatusWhenCascadedThenTheAnswerListsTheSubtasksResolvedWithTheirNewStatus() {
		withSubtasks("chore");
		stub(put("/api/chores/" + ID + "/occurrences/2026-12-14")
			.willReturn(data("{\"date\":\"2026-12-14\",\"status\":\"Skipped\"}")));
		JsonNode answer = ok("set_occurrence_status",
				Map.of("ref", ID, "date", "2026-12-14", "status", "dropped", "cascade_subtasks", true));
		assertThat(answer.get("status").stringValue()).isEqualTo("dropped");
		assertThat(answer.get("subtasks_resolved").toString())
			.isEqualTo("[{\"ref\":\"#89\",\"title\":\"Call the plumber\",\"status\":\"dropped\"}]");
		// a Habit's cleared check-in leaves its subtasks as they are: nothing to read
		deferno.resetAll();
		withSubtasks("habit");
		stub(post("/api/habits/" + ID + "/occurrences").willReturn(data("{\"date\":\"2026-12-14\",\"done\":false}")));
		assertThat(ok("set_occurrence_status",
				Map.of("ref", ID, "date", "2026-12-14", "status", "dropped", "cascade_subtasks", true))
			.has("subtasks_resolved")).isFalse();
		deferno.verify(0, getRequestedFor(urlEqualTo("/api/items/" + OPEN)));
	}

	@Test
	void setOccurrenceStatusWhenTheStatusIsSpeltAsATasksThenTheErrorSaysTheOccurrencesSpelling() {
		assertThat(error("set_occurrence_status", Map.of("ref", ID, "status", "in-progress")))
			.contains("(spelt \"in_progress\" here: task statuses take hyphens, occurrence statuses underscores)");
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

}
