package com.defernowork.gateway.mcp.tools.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.Test;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.GetPromptRequest;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

import com.defernowork.gateway.mcp.catalog.ToolResults;
import com.defernowork.gateway.mcp.support.DefernoRecords;
import com.defernowork.gateway.mcp.support.McpToolTestSupport;

import static com.defernowork.gateway.mcp.support.DefernoRecords.CALENDAR_CHORE;
import static com.defernowork.gateway.mcp.support.DefernoRecords.CALENDAR_EVENT;
import static com.defernowork.gateway.mcp.support.DefernoRecords.CALENDAR_TASK;
import static com.defernowork.gateway.mcp.support.DefernoRecords.PLAN_HABIT_NOT_DUE;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.noContent;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

class PlanToolsTests extends McpToolTestSupport {

	static final String PLAN = """
			[{"kind":"task","type":"task","id":"00000000-0000-0000-0000-000000000001","ref":"acme-1","org_slug":"acme",\
			"sequence":1,"title":"Demo","status":"open","complete_by":"2026-05-07T00:00:00Z"},\
			{"kind":"habit","type":"habit","id":"00000000-0000-0000-0000-000000000002","ref":"acme-2","org_slug":"acme",\
			"sequence":2,"title":"Standup","status":"active","complete_by":"2026-05-08T00:00:00Z","today_occurrence":\
			{"id":"00000000-0000-0000-0000-000000000003","parent_id":"00000000-0000-0000-0000-000000000002",\
			"scheduled_date":"2026-05-07","complete_by":"2026-05-07T23:59:59Z","status":"done_on_time",\
			"done_at":"2026-05-07T09:15:00Z"}}]""";

	static final String ID = "00000000-0000-0000-0000-000000000001";

	static final String PLAN_HABIT = "00000000-0000-0000-0000-000000000002";

	@Test
	void getDailyPlanWhenDateAndTzThenItemsPlanNeverTasksPlan() {
		stub(get(urlEqualTo("/api/items/plan?date=2026-05-07")).willReturn(data(PLAN)));
		JsonNode plan = ok("get_daily_plan", Map.of("date", "2026-05-07", "tz", "Europe/Paris"));
		assertThat(plan.get(1).at("/today_occurrence/status").stringValue()).isEqualTo("done_on_time");
		assertThat(deferno.findAll(getRequestedFor(urlPathMatching("/api/tasks/plan.*")))).isEmpty();
	}

	@Test
	void getDailyPlanWhenTzWithoutDateThenADayIsAskedForAndTheZoneNeverSent() {
		// Deferno keeps the first tz it is sent as the person's preference; this tool
		// only reads (which day: PlanDayTests, on a fixed clock)
		stub(get(urlPathEqualTo("/api/items/plan")).willReturn(data(PLAN)));
		assertThat(ok("get_daily_plan", Map.of("tz", "Pacific/Kiritimati")).size()).isEqualTo(2);
		assertThat(deferno.findAll(getRequestedFor(urlPathEqualTo("/api/items/plan"))).get(0).getUrl())
			.matches("/api/items/plan\\?date=\\d{4}-\\d{2}-\\d{2}");
		assertThat(listed("get_daily_plan").annotations().readOnlyHint()).isTrue();
	}

	@Test
	void planWritesWhenTzWithoutDateThenADayIsSentAndTheZoneNever() {
		stub(post(urlPathMatching("/api/items/plan/.*")).willReturn(noContent()));
		stub(get(urlPathEqualTo("/api/items/plan")).willReturn(data(PLAN.substring(0, PLAN.indexOf("},{")) + "}]")));
		ok("add_to_items_plan", Map.of("task_id", ID, "tz", "Pacific/Kiritimati"));
		ok("remove_from_items_plan", Map.of("task_id", ID, "tz", "Pacific/Kiritimati"));
		ok("reorder_items_plan", Map.of("task_ids", List.of(ID), "tz", "Pacific/Kiritimati"));
		assertThat(deferno.findAll(postRequestedFor(urlPathMatching("/api/items/plan/.*"))))
			.extracting((request) -> parse(request.getBodyAsString()))
			.hasSize(3)
			.allSatisfy((body) -> {
				assertThat(body.get("date").stringValue()).matches("\\d{4}-\\d{2}-\\d{2}");
				assertThat(body.has("tz")).isFalse();
			});
		// the reorder's read of the plan asks for the day too, never the zone
		assertThat(deferno.findAll(getRequestedFor(urlPathEqualTo("/api/items/plan"))))
			.extracting((request) -> request.getUrl())
			.singleElement()
			.asString()
			.matches("/api/items/plan\\?date=\\d{4}-\\d{2}-\\d{2}");
		assertThat(error("add_to_items_plan", Map.of("task_id", ID, "tz", "Mars/Olympus"))).contains("IANA");
	}

	@Test
	void getDailyPlanWhenNoArgumentsThenBarePlan() {
		stub(get(urlEqualTo("/api/items/plan")).willReturn(data(PLAN)));
		assertThat(ok("get_daily_plan", Map.of()).size()).isEqualTo(2);
		assertThat(error("get_daily_plan", Map.of("tz", "Mars/Olympus"))).contains("IANA");
		// Java's own, which Deferno would keep as the person's zone
		assertThat(error("get_daily_plan", Map.of("tz", "SystemV/PST8"))).contains("IANA");
	}

	@Test
	void getDailyPlanWhenAChoreWasSkippedThenItsOccurrenceReadsDropped() {
		stub(get(urlEqualTo("/api/items/plan?date=2026-05-07"))
			.willReturn(data(PLAN.replace("done_on_time", "skipped"))));
		assertThat(
				ok("get_daily_plan", Map.of("date", "2026-05-07")).get(1).at("/today_occurrence/status").stringValue())
			.isEqualTo("dropped");
	}

	@Test
	void getItemsCalendarWhenListedThenSaysDefernoSavesATzAsTheUsersFirstZoneAndIsNotReadOnly() {
		assertThat(listed("get_items_calendar").description())
			.contains("If the user has no time zone saved yet, Deferno saves this tz as theirs");
		// a client may run a read-only tool without asking: this one may save a setting
		assertThat(listed("get_items_calendar").annotations().readOnlyHint()).isFalse();
		assertThat(listed("get_items_calendar").annotations().destructiveHint()).isFalse();
		assertThat(listed("get_items_calendar").annotations().idempotentHint()).isTrue();
	}

	/**
	 * The calendar given a tz while the user has none saved: Deferno saves it, and the
	 * result says so after the rows (whoami's time_zone and every today change with it);
	 * with a zone saved already, nothing is said.
	 */
	@Test
	void getItemsCalendarWhenATzIsSavedAsTheUsersZoneThenTheResultSaysSoAfterTheRows() {
		stub(get(urlPathEqualTo("/api/items/calendar")).willReturn(data("[{\"id\":\"x\"}]")));
		stub(get("/api/auth/me/settings").inScenario("zone")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(data("{\"time_zone\":null}")));
		stub(get("/api/auth/me/settings").inScenario("zone")
			.whenScenarioStateIs("saved")
			.willReturn(data("{\"time_zone\":\"Asia/Tokyo\"}")));
		stub(get(urlPathEqualTo("/api/items/calendar")).inScenario("zone")
			.whenScenarioStateIs(Scenario.STARTED)
			.willSetStateTo("saved")
			.willReturn(data("[{\"id\":\"x\"}]")));
		Map<String, Object> args = Map.of("start", "2026-12-08", "end", "2026-12-09", "tz", "Asia/Tokyo");

		CallToolResult saved = call("get_items_calendar", args);
		assertThat(saved.isError()).isFalse();
		assertThat(parse(text(saved)).get(0).get("id").stringValue()).isEqualTo("x");
		assertThat(saved.content()).hasSize(2);
		assertThat(((TextContent) saved.content().get(1)).text())
			.startsWith("The user had no time zone saved, so Deferno saved this tz, Asia/Tokyo, as theirs: it is now "
					+ "their time zone (whoami's time_zone, time_zone_saved true), in which Deferno reads \"today\" "
					+ "for the plan tools");

		// saved already: Deferno keeps it, and the rows come alone
		CallToolResult again = call("get_items_calendar", args);
		assertThat(again.content()).hasSize(1);
		// without tz nothing is saved, and the settings are not asked
		deferno.resetRequests();
		assertThat(call("get_items_calendar", Map.of("start", "2026-12-08", "end", "2026-12-09")).content()).hasSize(1);
		deferno.verify(exactly(0), getRequestedFor(urlEqualTo("/api/auth/me/settings")));
	}

	/** Deferno's calendar takes at most 366 days: refused saying so, nothing sent. */
	@Test
	void getItemsCalendarWhenLongerThanDefernosLimitThenRefusedBeforeAnyRequest() {
		assertThat(error("get_items_calendar", Map.of("start", "2026-01-01", "end", "2027-01-03")))
			.contains("start 2026-01-01 to end 2027-01-03 is 367 days, and Deferno's calendar takes at most 366");
		assertThat(deferno.getAllServeEvents()).isEmpty();
		stub(get(urlPathEqualTo("/api/items/calendar")).willReturn(data("[]")));
		ok("get_items_calendar", Map.of("start", "2026-01-01", "end", "2027-01-02"));
		assertThat(listed("get_items_calendar").description()).contains("At most 366 days");
	}

	@Test
	void getItemsCalendarWhenRangeThenQueryVerbatim() {
		stub(get(urlEqualTo("/api/items/calendar?start=2026-06-01&end=2026-06-08&tz=America%2FNew_York"))
			.willReturn(data("[{\"id\":\"x\"}]")));
		assertThat(
				ok("get_items_calendar", Map.of("start", "2026-06-01", "end", "2026-06-08", "tz", "America/New_York"))
					.get(0)
					.get("id")
					.stringValue())
			.isEqualTo("x");
		assertThat(error("get_items_calendar", Map.of("start", "2026-06-08", "end", "2026-06-01"))).contains("after");
	}

	@Test
	void getDailyPlanWhenNotFullThenCompactRowsAndWhenFullThenDefernosRows() {
		String plan = "[" + CALENDAR_TASK + "," + PLAN_HABIT_NOT_DUE + ","
				+ CALENDAR_CHORE.replace("\"status\":\"scheduled\"", "\"status\":\"skipped\"") + "]";
		stub(get(urlEqualTo("/api/items/plan?date=2026-12-07")).willReturn(data(plan)));
		JsonNode compact = ok("get_daily_plan", Map.of("date", "2026-12-07"));
		assertThat(compact.get(0).toString()).isEqualTo("""
				{"kind":"task","id":"4a62581a-f436-4fcf-a251-cc285bd72452","ref":"u-alice1-1","title":"Plan the week",\
				"status":"open","complete_by":"2026-12-09T17:00:00Z","deadline_time_of_day":null}""");
		assertThat(compact.get(1).get("today_occurrence").isNull()).isTrue();
		// in the tools' words, as every tool answers
		assertThat(compact.get(2).get("today_occurrence").toString()).isEqualTo("{\"status\":\"dropped\"}");

		JsonNode full = ok("get_daily_plan", Map.of("date", "2026-12-07", "full", true));
		assertThat(full.get(0)).isEqualTo(parse(CALENDAR_TASK));
		assertThat(full.get(2).at("/today_occurrence/status").stringValue()).isEqualTo("dropped");
		assertThat(full.get(2).at("/today_occurrence/scheduled_date").stringValue()).isEqualTo("2026-12-07");
	}

	@Test
	void getItemsCalendarWhenNotFullThenCompactRowsAndWhenFullThenDefernosRows() {
		String calendar = "[" + CALENDAR_TASK + "," + CALENDAR_CHORE + "," + CALENDAR_EVENT + "]";
		stub(get(urlEqualTo("/api/items/calendar?start=2026-12-07&end=2026-12-14")).willReturn(data(calendar)));
		JsonNode compact = ok("get_items_calendar", Map.of("start", "2026-12-07", "end", "2026-12-14"));
		assertThat(compact.get(1).toString()).isEqualTo(
				"""
						{"kind":"chore","id":"4a37d87d-3c4d-454f-aeb6-8425c9015f02","ref":"u-alice1-8","title":"Water the plants",\
						"status":"active","complete_by":"2026-12-01T09:00:00Z","deadline_time_of_day":"09:00",\
						"occurrence_date":"2026-12-07","today_occurrence":{"status":"scheduled"}}""");
		assertThat(compact.get(2).toString()).isEqualTo("""
				{"kind":"event","id":"0c1b8f7e-8a5e-4a51-9d7c-2f1c1f0b6a10","ref":"u-alice1-12","title":"Standup",\
				"status":"active","complete_by":"2026-12-01T09:30:00Z","start_time_of_day":"09:30",\
				"end_time":"2026-12-01T09:45:00Z","occurrence_date":"2026-12-08",\
				"today_occurrence":{"status":"done_on_time"}}""");

		JsonNode full = ok("get_items_calendar", Map.of("start", "2026-12-07", "end", "2026-12-14", "full", true));
		assertThat(full).isEqualTo(parse(calendar));
	}

	/**
	 * A month of a busy account (1,302 occurrences, some 970 KB of Deferno's rows; a
	 * probe found one of 902 KB): compact, every row fits in one result; whole, only the
	 * leading rows do, and the result says so.
	 */
	@Test
	void getItemsCalendarWhenAMonthOfABusyAccountThenEveryCompactRowInOneResult() {
		String month = month();
		assertThat(month.length()).isGreaterThan(900_000);
		stub(get(urlPathEqualTo("/api/items/calendar")).willReturn(data(month)));
		Map<String, Object> args = Map.of("start", "2026-12-01", "end", "2027-01-01");

		CallToolResult compact = call("get_items_calendar", args);
		assertThat(compact.content()).hasSize(1);
		assertThat(parse(text(compact)).size()).isEqualTo(1_302);
		// some 385 KB of Deferno's 970: room left for longer titles
		assertThat(text(compact).length()).isLessThan(month.length() * 2 / 5).isLessThan(ToolResults.MAX_RESULT_CHARS);
		assertThat(compact.structuredContent()).isInstanceOfSatisfying(Map.class,
				(structured) -> assertThat((List<?>) structured.get("result")).hasSize(1_302));

		CallToolResult full = call("get_items_calendar",
				Map.of("start", "2026-12-01", "end", "2027-01-01", "full", true));
		assertThat(full.content()).hasSize(2);
		int shown = parse(text(full)).size();
		assertThat(shown).isLessThan(1_302);
		assertThat(((TextContent) full.content().get(1)).text())
			.startsWith("Only the first " + shown + " of 1,302 rows are shown: the whole result is about");
	}

	/**
	 * 21 chores and 21 habits every day of December, each occurrence a whole row of
	 * Deferno's calendar, with a note and a label.
	 */
	private static String month() {
		List<String> rows = new ArrayList<>();
		for (int day = 1; day <= 31; day++) {
			String date = "2026-12-%02d".formatted(day);
			for (int item = 1; item <= 42; item++) {
				String kind = (item % 2 == 0) ? "chore" : "habit";
				rows.add(CALENDAR_CHORE.replace("chore", kind)
					.replace("Water the plants", "Daily " + kind + " number " + item + " with a realistic title")
					.replace("\"description\":null", "\"description\":\"Some notes about " + kind + " " + item + ".\"")
					.replace("\"labels\":[]", "\"labels\":[\"home\"]")
					.replace("u-alice1-8", "u-alice1-" + (100 + item))
					.replace("2026-12-07", date));
			}
		}
		return "[" + String.join(",", rows) + "]";
	}

	@Test
	void planReadsWhenListedThenTheirSchemasAndDescriptionsOfferWholeRows() {
		for (String tool : List.of("get_daily_plan", "get_items_calendar")) {
			assertThat(listed(tool).description()).as(tool)
				.contains("Compact rows (kind, id, ref, title, status")
				.contains("unless full=true");
			Map<?, ?> full = (Map<?, ?>) ((Map<?, ?>) listed(tool).inputSchema().get("properties")).get("full");
			assertThat(full.get("type")).as(tool).isEqualTo("boolean");
			assertThat(full.get("description")).as(tool).asString().startsWith("true = Deferno's whole rows");
		}
	}

	@Test
	void addToItemsPlanWhenRefThenResolvedIdAndDate() {
		stub(get("/api/items/by-seq/1").willReturn(data("{\"kind\":\"task\",\"id\":\"" + ID + "\"}")));
		stub(post("/api/items/plan/add").willReturn(noContent()));
		assertThat(ok("add_to_items_plan", Map.of("task_id", "#1", "date", "2026-05-07")).toString())
			.isEqualTo("{\"ok\":true}");
		deferno.verify(postRequestedFor(urlEqualTo("/api/items/plan/add"))
			.withRequestBody(equalToJson("{\"task_id\":\"" + ID + "\",\"date\":\"2026-05-07\"}")));
	}

	@Test
	void removeFromItemsPlanWhenNoDateThenDateOmitted() {
		stub(post("/api/items/plan/remove").willReturn(data("{\"ok\":true}")));
		assertThat(ok("remove_from_items_plan", Map.of("task_id", ID)).get("ok").booleanValue()).isTrue();
		deferno.verify(postRequestedFor(urlEqualTo("/api/items/plan/remove"))
			.withRequestBody(equalToJson("{\"task_id\":\"" + ID + "\"}")));
	}

	@Test
	void removeFromItemsPlanWhenTheItemIsGoneOrNotInThePlanThenOnlyTheLatterMayBeARetry() {
		// a deleted item's ref: its lookup refuses it, no earlier removal would
		stub(get("/api/items/by-seq/88").willReturn(failure(404, "not_found", "item not found")));
		assertThat(error("remove_from_items_plan", Map.of("task_id", "#88")))
			.isEqualTo("task_id '#88': Deferno API error 404 [not_found]: item not found");
		stub(post("/api/items/plan/remove").willReturn(failure(404, "not_found", "item is not in the plan")));
		assertThat(error("remove_from_items_plan", Map.of("task_id", ID)))
			.contains("if an earlier remove_from_items_plan of it succeeded, there is nothing left to do");
	}

	@Test
	void reorderItemsPlanWhenRefsThenEachResolvedInOrder() {
		String second = "00000000-0000-0000-0000-000000000002";
		stub(get("/api/items/by-ref/acme-2").willReturn(data("{\"kind\":\"habit\",\"id\":\"" + second + "\"}")));
		stub(post("/api/items/plan/reorder").willReturn(noContent()));
		stub(get(urlEqualTo("/api/items/plan")).willReturn(data(PLAN)));
		ok("reorder_items_plan", Map.of("task_ids", List.of("acme-2", ID)));
		deferno.verify(postRequestedFor(urlEqualTo("/api/items/plan/reorder"))
			.withRequestBody(equalToJson("{\"task_ids\":[\"" + second + "\",\"" + ID + "\"]}")));
		// the plan's rows named both: no lookup, and the plan read once
		deferno.verify(1, getRequestedFor(urlEqualTo("/api/items/plan")));
		deferno.verify(exactly(0), getRequestedFor(urlPathMatching("/api/items/by-.*")));
	}

	/**
	 * Lookups take a while: an item added to the plan elsewhere meanwhile would be
	 * dropped by the reorder, so the plan is read again before it and the change refused.
	 */
	@Test
	void reorderItemsPlanWhenThePlanChangesWhileRefsAreLookedUpThenRefusedSayingSoAndNothingSent() {
		String added = PLAN.substring(0, PLAN.length() - 1) + ",{\"kind\":\"task\",\"type\":\"task\",\"id\":"
				+ "\"00000000-0000-0000-0000-000000000009\",\"ref\":\"acme-9\",\"org_slug\":\"acme\",\"sequence\":9}]";
		stub(get(urlEqualTo("/api/items/plan?date=2026-05-07")).inScenario("plan")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(data(PLAN))
			.willSetStateTo("added elsewhere"));
		stub(get(urlEqualTo("/api/items/plan?date=2026-05-07")).inScenario("plan")
			.whenScenarioStateIs("added elsewhere")
			.willReturn(data(added)));
		stub(get("/api/items/by-seq/1").willReturn(data(DefernoRecords.record("task", ID, 1).toString())));

		assertThat(error("reorder_items_plan", Map.of("task_ids", List.of("acme-2", "#1"), "date", "2026-05-07")))
			.contains("The plan for 2026-05-07 changed while task_ids were looked up", "leaves out acme-9",
					"Nothing was changed");
		deferno.verify(2, getRequestedFor(urlEqualTo("/api/items/plan?date=2026-05-07")));
		deferno.verify(exactly(0), postRequestedFor(anyUrl()));
	}

	/**
	 * Deferno replaces the plan with the list it is sent: a list that leaves an item out,
	 * or names one the plan does not hold, is refused before it is sent.
	 */
	@Test
	void reorderItemsPlanWhenNotExactlyThePlansItemsThenRefusedNamingThemAndNothingSent() {
		String third = "00000000-0000-0000-0000-000000000009";
		stub(get(urlEqualTo("/api/items/plan?date=2026-05-07")).willReturn(data(PLAN)));
		assertThat(error("reorder_items_plan", Map.of("task_ids", List.of(ID), "date", "2026-05-07")))
			.contains("exactly the plan's items for 2026-05-07", "leaves out acme-2", "Nothing was changed");
		assertThat(error("reorder_items_plan", Map.of("task_ids", List.of(ID, third), "date", "2026-05-07")))
			.contains("leaves out acme-2", "task_ids[1] ('" + third + "') is not in the plan");
		deferno.verify(exactly(0), postRequestedFor(anyUrl()));
	}

	/**
	 * The plan's rows name every item's id, org and sequence: 58 sequences cost one
	 * lookup (which tells the personal org), not 58, and a canonical ref or an app URL
	 * none.
	 */
	@Test
	void reorderItemsPlanWhenRefsNameThePlansRowsThenMatchedToThemWithOneLookup() {
		ArrayNode plan = json.createArrayNode();
		List<String> ids = new ArrayList<>();
		List<String> refs = new ArrayList<>();
		for (int i = 1; i <= 58; i++) {
			String id = String.format("00000000-0000-0000-0001-%012d", i);
			plan.add(DefernoRecords.record("task", id, i));
			ids.add(0, id);
			refs.add(0, (i % 2 == 0) ? "#" + i : String.valueOf(i));
		}
		plan.add(DefernoRecords.record("habit", PLAN_HABIT, 2).put("ref", "acme-2").put("org_slug", "acme"));
		plan.add(DefernoRecords.record("task", ID, 1).put("ref", "acme-1").put("org_slug", "acme"));
		ids.addAll(List.of(PLAN_HABIT, ID));
		refs.addAll(List.of("acme-2", "https://app.defernowork.com/o/acme/items/001"));
		stub(get(urlEqualTo("/api/items/plan?date=2026-05-07")).willReturn(data(plan.toString())));
		stub(get("/api/items/by-seq/58").willReturn(data(DefernoRecords.record("task", ids.get(0), 58).toString())));
		stub(post("/api/items/plan/reorder").willReturn(noContent()));

		ok("reorder_items_plan", Map.of("task_ids", refs, "date", "2026-05-07"));

		deferno.verify(postRequestedFor(urlEqualTo("/api/items/plan/reorder"))
			.withRequestBody(equalToJson(json.writeValueAsString(Map.of("task_ids", ids, "date", "2026-05-07")))));
		// the plan, the first sequence's lookup, the plan again (unchanged), the reorder
		assertThat(deferno.getAllServeEvents()).hasSize(4);
	}

	/**
	 * {@code #2} is the personal org's item 2, not the shared org's row that has that
	 * sequence too: looked up, and refused as not in the plan.
	 */
	@Test
	void reorderItemsPlanWhenASequenceMatchesOnlyAnotherOrgsRowThenItIsLookedUpAndRefused() {
		String personalTwo = "00000000-0000-0000-0000-000000000022";
		stub(get(urlEqualTo("/api/items/plan?date=2026-05-07")).willReturn(data(PLAN)));
		stub(get("/api/items/by-seq/2").willReturn(data(DefernoRecords.record("task", personalTwo, 2).toString())));

		assertThat(error("reorder_items_plan", Map.of("task_ids", List.of("acme-1", "#2"), "date", "2026-05-07")))
			.contains("leaves out acme-2", "task_ids[1] ('#2') is not in the plan");
		deferno.verify(1, getRequestedFor(urlEqualTo("/api/items/by-seq/2")));
		deferno.verify(exactly(0), postRequestedFor(anyUrl()));
	}

	@Test
	void reorderItemsPlanWhenListedThenIdempotentAndNotDestructive() {
		// a list that is not exactly the plan's items is refused: only the order changes
		assertThat(listed("reorder_items_plan").annotations().destructiveHint()).isFalse();
		assertThat(listed("reorder_items_plan").annotations().idempotentHint()).isTrue();
	}

	@Test
	void reorderItemsPlanWhenOneRefUnroutableThenNothingResolvedOrWritten() {
		assertThat(error("reorder_items_plan", Map.of("task_ids", List.of(ID, "ABC-223")))).contains("ABC-223");
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	@Test
	void planToolsWhenDateHasNoFourDigitYearThenRefusedWithoutHttp() {
		assertThat(error("get_daily_plan", Map.of("date", "-0001-01-01"))).contains("four-digit year");
		assertThat(error("add_to_items_plan", Map.of("task_id", ID, "date", "+12026-01-01")))
			.contains("date must be a date YYYY-MM-DD");
		assertThat(error("get_items_calendar", Map.of("start", "+2026-06-01", "end", "2026-06-08")))
			.contains("start must be a date YYYY-MM-DD");
		assertThat(error("get_daily_plan", Map.of("date", "2026-02-29")))
			.contains("date '2026-02-29' is not on the calendar: February 2026 has 28 days");
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	@Test
	void planToolsWhenTzIsAFixedOffsetThenRefusedWithoutHttp() {
		for (String offset : List.of("+05:00", "UTC+14", "Z", "GMT-3")) {
			assertThat(error("get_daily_plan", Map.of("tz", offset))).contains("IANA time zone name")
				.contains("not a fixed offset");
			assertThat(error("get_items_calendar", Map.of("start", "2026-06-01", "end", "2026-06-08", "tz", offset)))
				.contains("not a fixed offset");
		}
		// a name no zone has is not told it is an offset
		assertThat(error("get_daily_plan", Map.of("tz", "Mars/Olympus")))
			.endsWith("tz must be an IANA time zone name such as Europe/Paris, America/New_York or UTC; got "
					+ "'Mars/Olympus', which is not one");
		assertThat(deferno.getAllServeEvents()).isEmpty();
		// an IANA name is taken; the day it gives is sent (PlanDay), never the zone,
		// which Deferno would save
		stub(get(urlPathEqualTo("/api/items/plan")).willReturn(data(PLAN)));
		assertThat(ok("get_daily_plan", Map.of("tz", "UTC")).size()).isEqualTo(2);
		assertThat(deferno.findAll(getRequestedFor(urlPathEqualTo("/api/items/plan"))).get(0).getUrl())
			.matches("/api/items/plan\\?date=\\d{4}-\\d{2}-\\d{2}");
	}

	@Test
	void reorderItemsPlanWhenMoreItemsThanAPlanHoldsThenRefusedBeforeAnyLookup() {
		stub(get("/api/items/by-seq/1").willReturn(data("{\"kind\":\"task\",\"id\":\"" + ID + "\"}")));
		assertThat(error("reorder_items_plan", Map.of("task_ids", java.util.Collections.nCopies(3000, "#1"))))
			.contains("task_ids");
		List<String> many = new java.util.ArrayList<>();
		for (int i = 1; i <= 101; i++) {
			many.add("#" + i);
		}
		assertThat(error("reorder_items_plan", Map.of("task_ids", many))).contains("task_ids").contains("100");
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	@Test
	void reorderItemsPlanWhenTwoRefsNameOneItemThenRefusedWithoutWrite() {
		assertThat(error("reorder_items_plan", Map.of("task_ids", List.of("#1", "#1")))).contains("task_ids");
		assertThat(deferno.getAllServeEvents()).isEmpty();
		stub(get(urlPathEqualTo("/api/items/plan")).willReturn(data(PLAN)));
		stub(get("/api/items/by-seq/1").willReturn(data("{\"kind\":\"task\",\"id\":\"" + ID + "\"}")));
		assertThat(error("reorder_items_plan", Map.of("task_ids", List.of(ID, "#1"))))
			.contains("task_ids[1] is the same item as task_ids[0]");
		deferno.verify(exactly(0), postRequestedFor(anyUrl()));
	}

	@Test
	void dailyReviewWhenNoDateThenItSaysToAskWhoamiForThePersonsToday() {
		// a model's own date may be another zone's
		String review = ((TextContent) this.mcp.getPrompt(new GetPromptRequest("daily_review", Map.of()))
			.messages()
			.get(0)
			.content()).text();
		assertThat(review).contains("First call `whoami`: its `today` is my day", "to_date set to today",
				"`add_to_items_plan` (date set to the day after today)");
		assertThat(review).doesNotContain("whoami's today");
	}

}
