package com.defernowork.gateway.mcp.tools.items;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import com.defernowork.gateway.mcp.support.DefernoRecords;
import com.defernowork.gateway.mcp.support.McpToolTestSupport;

import static com.defernowork.gateway.mcp.support.DefernoRecords.FULL_ITEM;
import static com.defernowork.gateway.mcp.support.DefernoRecords.LIST_ROW;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.noContent;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

class ItemToolsTests extends McpToolTestSupport {

	static final String ID = DefernoRecords.ID;

	static final String SELECT = "$select=kind,type,ref,org_slug,sequence,title,status,complete_by,parent_id,labels";

	static String envelopeItem(String kind, String id) {
		return "{\"kind\":\"" + kind + "\",\"type\":\"" + kind + "\",\"id\":\"" + id
				+ "\",\"ref\":\"u-1y0e2v-123\",\"org_slug\":\"u-1y0e2v\",\"sequence\":123,\"title\":\"Demo\"}";
	}

	@Test
	void getItemWhenTodaysOccurrenceSkippedThenItReadsDropped() {
		stub(get("/api/items/" + ID).willReturn(data("{\"kind\":\"chore\",\"id\":\"" + ID
				+ "\",\"today_occurrence\":{\"scheduled_date\":\"2026-05-07\",\"status\":\"skipped\"}}")));
		assertThat(ok("get_item", Map.of("item", ID)).at("/today_occurrence/status").stringValue())
			.isEqualTo("dropped");
	}

	@Test
	void getItemWhenSequenceThenBySeqThenItemAndCompact() {
		stub(get("/api/items/by-seq/123").willReturn(data(envelopeItem("task", ID))));
		stub(get("/api/items/" + ID).willReturn(data(FULL_ITEM)));
		JsonNode item = ok("get_item", Map.of("item", "#123"));
		assertThat(item.get("description").stringValue()).isEqualTo("the body");
		assertThat(item.has("actions")).isFalse();
		assertThat(item.has("comments")).isFalse();
		assertThat(item.has("mood_start")).isFalse();
		assertThat(item.get("id").stringValue()).isEqualTo(ID);
		deferno.verify(getRequestedFor(urlEqualTo("/api/items/by-seq/123")).withHeader("Authorization",
				equalTo("Bearer test-token")));
	}

	@Test
	void getItemWhenUuidThenNoResolveCallAndFullWhenAsked() {
		stub(get("/api/items/" + ID).willReturn(data(FULL_ITEM)));
		JsonNode item = ok("get_item", Map.of("item", ID, "full", true));
		assertThat(item.has("actions")).isTrue();
		assertThat(deferno.getAllServeEvents()).hasSize(1);
	}

	@Test
	void getItemWhenAppUrlWithSequenceThenByRefNeverBySeq() {
		stub(get("/api/items/by-ref/acme-12").willReturn(data(envelopeItem("task", ID))));
		stub(get("/api/items/" + ID).willReturn(data(FULL_ITEM)));
		ok("get_item", Map.of("item", "https://app.defernowork.com/o/acme/items/0012"));
		deferno.verify(getRequestedFor(urlEqualTo("/api/items/by-ref/acme-12")));
	}

	@Test
	void getItemWhenAsAliasThenOneAliasLookupProjected() {
		stub(get(urlEqualTo("/api/items/by-alias/octo%2Frepo%2344")).willReturn(data(FULL_ITEM)));
		JsonNode item = ok("get_item", Map.of("item", " octo/repo#44 ", "as_alias", true));
		assertThat(item.has("children")).isFalse();
		assertThat(deferno.getAllServeEvents()).hasSize(1);
	}

	@Test
	void getItemWhenAsAliasIsADotSegmentThenErrorWithoutHttp() {
		for (String alias : new String[] { "..", " . " }) {
			assertThat(error("get_item", Map.of("item", alias, "as_alias", true)))
				.contains("item with as_alias=true must be an external alias such as owner/repo#44");
		}
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	@Test
	void getItemWhenAliasFormThenByAliasEncoded() {
		stub(get(urlEqualTo("/api/items/by-alias/octo%2Frepo%2344")).willReturn(data(envelopeItem("task", ID))));
		stub(get("/api/items/" + ID).willReturn(data(FULL_ITEM)));
		ok("get_item", Map.of("item", "octo/repo#44"));
		deferno.verify(getRequestedFor(urlEqualTo("/api/items/by-alias/octo%2Frepo%2344")));
	}

	@Test
	void getItemWhenNotFoundThenErrorResultWithStatusAndCode() {
		stub(get("/api/items/by-ref/acme-9").willReturn(failure(404, "not_found", "item not found")));
		assertThat(error("get_item", Map.of("item", "acme-9")))
			.isEqualTo("item 'acme-9': Deferno API error 404 [not_found]: item not found");
	}

	@Test
	void moveItemWhenOneOfTwoRefsIsNotFoundThenTheErrorNamesWhichArgument() {
		stub(get("/api/items/by-seq/7").willReturn(data(envelopeItem("task", ID))));
		stub(get("/api/items/by-ref/acme-9").willReturn(failure(404, "not_found", "item not found")));
		assertThat(error("move_item", Map.of("item_id", "#7", "new_parent_id", "acme-9")))
			.isEqualTo("new_parent_id 'acme-9': Deferno API error 404 [not_found]: item not found");
		stub(get("/api/items/by-seq/99999999999999999999")
			.willReturn(failure(400, "bad_request", "'99999999999999999999' is not a sequence number")));
		assertThat(error("move_item", Map.of("item_id", "#99999999999999999999", "new_parent_id", "#7")))
			.startsWith("item_id '#99999999999999999999': Deferno API error 400 [bad_request]");
	}

	@Test
	void getItemWhenUnroutableRefThenErrorWithoutHttp() {
		assertThat(error("get_item", Map.of("item", "ABC-223")))
			.startsWith("get_item: item: identifier 'ABC-223' is " + "not an auto-routable Ref input form");
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	@Test
	void listItemsWhenAllFiltersThenExactODataQueryAndCompactRows() {
		// a person who keeps no time zone: Deferno's days are UTC days
		stub(get("/api/auth/me/settings").willReturn(data("{\"time_zone\":null,\"theme_mode\":\"light\"}")));
		String filter = "$filter=kind%20eq%20%27task%27%20and%20status%20eq%20%27open%27%20and%20complete_by%20ge%20"
				+ "2026-06-01T00%3A00%3A00Z%20and%20complete_by%20le%202026-06-30T23%3A59%3A59.999Z";
		stub(get(urlEqualTo("/api/items?" + SELECT + "&" + filter + "&$top=50&window=all"))
			.willReturn(data("[" + LIST_ROW + "]")));
		Map<String, Object> args = Map.of("kind", "task", "status", "open", "from_date", "2026-06-01", "to_date",
				"2026-06-30", "limit", 50, "window", "all");
		JsonNode rows = ok("list_items", args);
		assertThat(rows.get(0).toString()).isEqualTo("""
				{"kind":"task","id":"11111111-2222-3333-4444-555555555555","ref":"u-1y0e2v-123",\
				"title":"Write the classifier","status":"open","complete_by":"2026-06-10T00:00:00Z","parent_id":null,\
				"labels":["mcp"]}""");
		assertThat(call("list_items", args).structuredContent()).isInstanceOf(Map.class);
	}

	@Test
	void listItemsWhenTimeZoneAndOffsetThenThePersonsDaysAndTheNextPage() {
		String filter = "$filter=complete_by%20ge%202026-06-10T07%3A00%3A00Z%20and%20complete_by%20le%20"
				+ "2026-06-11T06%3A59%3A59.999Z";
		stub(get(urlEqualTo("/api/items?" + SELECT + "&" + filter + "&$top=100&$skip=100"))
			.willReturn(data("[" + LIST_ROW + "]")));

		JsonNode rows = ok("list_items", Map.of("from_date", "2026-06-10", "to_date", "2026-06-10", "tz",
				"America/Los_Angeles", "limit", 100, "offset", 100));

		assertThat(rows).hasSize(1);
		// a day of 23 hours (daylight saving time begins), and offset 0 sends no $skip
		String shortDay = "$filter=complete_by%20ge%202026-03-08T08%3A00%3A00Z%20and%20complete_by%20le%20"
				+ "2026-03-09T06%3A59%3A59.999Z";
		stub(get(urlEqualTo("/api/items?" + SELECT + "&" + shortDay)).willReturn(data("[]")));
		assertThat(ok("list_items",
				Map.of("from_date", "2026-03-08", "to_date", "2026-03-08", "tz", "America/Los_Angeles", "offset", 0)))
			.isEmpty();
		assertThat(error("list_items", Map.of("tz", "+05:00"))).contains("IANA time zone");
		assertThat(error("list_items", Map.of("offset", -1))).contains("offset");
	}

	@Test
	void listItemsWhenDaysWithoutTzThenTheSavedZonesDaysAndAskedOnlyForDays() {
		stub(get("/api/auth/me/settings").willReturn(data("{\"time_zone\":\"America/Los_Angeles\"}")));
		String filter = "$filter=complete_by%20ge%202026-06-10T07%3A00%3A00Z";
		stub(get(urlEqualTo("/api/items?" + SELECT + "&" + filter)).willReturn(data("[" + LIST_ROW + "]")));
		assertThat(ok("list_items", Map.of("from_date", "2026-06-10"))).hasSize(1);
		deferno.verify(1, getRequestedFor(urlEqualTo("/api/auth/me/settings")));

		stub(get(urlEqualTo("/api/items?" + SELECT + "&$filter=kind%20eq%20%27task%27"))
			.willReturn(data("[" + LIST_ROW + "]")));
		ok("list_items", Map.of("kind", "task"));
		String utc = "$filter=complete_by%20ge%202026-06-10T00%3A00%3A00Z";
		stub(get(urlEqualTo("/api/items?" + SELECT + "&" + utc)).willReturn(data("[]")));
		ok("list_items", Map.of("from_date", "2026-06-10", "tz", "UTC"));
		deferno.verify(1, getRequestedFor(urlEqualTo("/api/auth/me/settings")));
	}

	@Test
	void listItemsWhenAnArgumentIsBadThenRefusedBeforeTheSavedZoneIsAsked() {
		assertThat(error("list_items", Map.of("from_date", "2026-06-01", "status", "Open!"))).contains("status");
		assertThat(error("list_items", Map.of("from_date", "2026-06-01", "limit", 501))).contains("limit");
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	@Test
	void listItemsWhenSettingsCannotBeReadThenUtcOnADefernoWithoutThemElseAnErrorSayingWhatToPass() {
		stub(get("/api/auth/me/settings").willReturn(failure(404, "not_found", "no such route")));
		String utc = "$filter=complete_by%20ge%202026-06-10T00%3A00%3A00Z";
		stub(get(urlEqualTo("/api/items?" + SELECT + "&" + utc)).willReturn(data("[" + LIST_ROW + "]")));
		assertThat(ok("list_items", Map.of("from_date", "2026-06-10"))).hasSize(1);

		stub(get("/api/auth/me/settings").willReturn(failure(403, "forbidden", "not allowed")));
		assertThat(error("list_items", Map.of("from_date", "2026-06-10")))
			.startsWith("your saved time zone (pass tz to name one): Deferno API error 403");

		stub(get("/api/auth/me/settings").willReturn(failure(401, "unauthorized", "token expired")));
		assertThat(error("list_items", Map.of("from_date", "2026-06-10"))).contains("refused this call's credentials")
			.doesNotContain("saved time zone");
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void listItemsWhenTheSavedZoneIsUnknownHereThenUtcDaysAndTheOperatorWarnedOnce(CapturedOutput output) {
		stub(get("/api/auth/me/settings").willReturn(data("{\"time_zone\":\"Mars/Olympus\"}")));
		String utc = "$filter=complete_by%20ge%202026-06-10T00%3A00%3A00Z";
		stub(get(urlEqualTo("/api/items?" + SELECT + "&" + utc)).willReturn(data("[" + LIST_ROW + "]")));
		assertThat(ok("list_items", Map.of("from_date", "2026-06-10"))).hasSize(1);
		assertThat(ok("list_items", Map.of("from_date", "2026-06-10"))).hasSize(1);
		assertThat(output.getAll().lines().filter((line) -> line.contains("WARN") && line.contains("'Mars/Olympus'")))
			.singleElement()
			.asString()
			.contains("this Java runtime does not know");
	}

	@Test
	void listItemsWhenFullThenNoSelectAndWholeRows() {
		stub(get(urlEqualTo("/api/items")).willReturn(data("[" + LIST_ROW + "]")));
		JsonNode rows = ok("list_items", Map.of("full", true));
		assertThat(rows.get(0).get("description").stringValue()).isEqualTo("the body");
	}

	@Test
	void listItemsWhenLimitAboveMaximumThenRefusedWithoutHttp() {
		assertThat(error("list_items", Map.of("limit", 999))).contains("500");
		assertThat(error("list_items", Map.of("from_date", "June 1st"))).contains("YYYY-MM-DD");
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	@Test
	void searchItemsWhenFiltersThenFormEncodedQueryWithResolvedParent() {
		stub(get("/api/items/by-seq/7").willReturn(data(envelopeItem("task", ID))));
		// Deferno's from and to are date-times: the person's days, here in Paris (UTC+2)
		stub(get(urlEqualTo("/api/tasks/search?q=write+the+classifier&status=open&label=mcp"
				+ "&from=2026-05-31T22%3A00%3A00Z&to=2026-06-30T21%3A59%3A59.999Z&parent_id=" + ID))
			.willReturn(data("[" + LIST_ROW + "]")));
		JsonNode rows = ok("search_items", Map.of("query", "write the classifier", "status", "open", "label", "mcp",
				"from_date", "2026-06-01", "to_date", "2026-06-30", "tz", "Europe/Paris", "parent_id", "#7"));
		assertThat(rows.get(0).has("description")).isFalse();
		assertThat(error("search_items", Map.of("query", "a"))).contains("at least 2");
	}

	@Test
	void searchItemsWhenDaysWithoutTzThenInTheSavedZoneAskedAfterEveryArgument() {
		stub(get("/api/auth/me/settings").willReturn(data("{\"time_zone\":\"America/Los_Angeles\"}")));
		stub(get(urlEqualTo("/api/tasks/search?q=report&from=2026-07-10T07%3A00%3A00Z&to=2026-07-11T06%3A59%3A59.999Z"))
			.willReturn(data("[]")));
		assertThat(ok("search_items", Map.of("query", "report", "from_date", "2026-07-10", "to_date", "2026-07-10")))
			.isEmpty();
		deferno.resetRequests();
		assertThat(error("search_items", Map.of("query", "report", "from_date", "2026-07-10", "parent_id", "ABC-223")))
			.contains("parent_id");
		assertThat(error("search_items", Map.of("query", "report", "from_date", "2026-07-10", "tz", "Mars/Base")))
			.contains("IANA");
		assertThat(deferno.getAllServeEvents()).isEmpty();
		// no day, no settings asked
		stub(get(urlEqualTo("/api/tasks/search?q=report")).willReturn(data("[]")));
		ok("search_items", Map.of("query", "report"));
		deferno.verify(0, getRequestedFor(urlEqualTo("/api/auth/me/settings")));
	}

	@Test
	void searchItemsWhenUuidParentDoesNotExistThenRefusedRatherThanAnsweredWithNoRows() {
		String missing = "00000000-0000-0000-0000-000000000000";
		stub(get(urlEqualTo("/api/tasks/search?q=report&parent_id=" + missing)).willReturn(data("[]")));
		stub(get("/api/items/" + missing).willReturn(failure(404, "not_found", "item not found")));
		assertThat(error("search_items", Map.of("query", "report", "parent_id", missing)))
			.isEqualTo("search_items: parent_id: no item " + missing
					+ " was found; find its ref with search_items or list_items");
		// a parent that exists without matching tasks is no error
		stub(get(urlEqualTo("/api/tasks/search?q=report&parent_id=" + ID)).willReturn(data("[]")));
		stub(get("/api/items/" + ID).willReturn(data(envelopeItem("task", ID))));
		assertThat(ok("search_items", Map.of("query", "report", "parent_id", ID))).isEmpty();
	}

	@Test
	void searchItemsWhenLabelIsBlankThenRefusedRatherThanSearchingWithoutIt() {
		for (String label : List.of("", "   ", "\u200b")) {
			assertThat(error("search_items", Map.of("query", "report", "label", label))).as("'%s'", label)
				.contains("label must have at least one visible character");
		}
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	@Test
	void searchItemsWhenRangeEndsBeforeItStartsOrStatusIsNoTaskStatusThenRefusedAsListItemsRefuses() {
		Map<String, Object> backwards = Map.of("query", "report", "from_date", "2026-06-30", "to_date", "2026-06-01");
		assertThat(error("search_items", backwards))
			.contains("from_date must not be after to_date; got 2026-06-30 and 2026-06-01");
		assertThat(error("list_items", Map.of("from_date", "2026-06-30", "to_date", "2026-06-01")))
			.contains("from_date must not be after to_date; got 2026-06-30 and 2026-06-01");
		assertThat(error("search_items", Map.of("query", "report", "status", "finished"))).contains("status")
			.contains("in-progress");
		assertThat(error("list_items", Map.of("status", "Open!"))).contains("status").contains("in-progress");
		// an occurrence's spelling of a task's status: refused naming the words, not
		// answered with an empty list
		assertThat(error("list_items", Map.of("status", "in_progress"))).contains("status")
			.contains("\"open\", \"in-progress\", \"in-review\", \"done\", \"dropped\", \"active\", \"archived\"");
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	@Test
	void listItemsWhenListedThenPersonalOrgAsDefernoListsItAndNoUndeclaredStatusRule() {
		this.mcp.listTools().tools().stream().filter((tool) -> tool.name().equals("list_items")).forEach((tool) -> {
			assertThat(tool.description()).contains("in their personal org").doesNotContain("every org");
			// Deferno keeps complete_by as sent: its clock says nothing of all-day
			assertThat(tool.description()).doesNotContain("23:59:59");
			Map<?, ?> status = (Map<?, ?>) ((Map<?, ?>) tool.inputSchema().get("properties")).get("status");
			List<Object> statuses = new java.util.ArrayList<>(ItemChanges.STATUSES);
			statuses.add(null);
			assertThat(status.get("enum")).isEqualTo(statuses);
		});
	}

	@Test
	void getItemHistoryWhenCanonicalThenHistoryVerbatim() {
		stub(get("/api/items/by-ref/acme-1").willReturn(data(envelopeItem("chore", ID))));
		stub(get("/api/items/" + ID + "/history").willReturn(data(
				"[{\"at\":\"2026-05-18T12:00:00Z\",\"kind\":\"Created\"},{\"at\":\"2026-05-18T13:30:00Z\",\"kind\":\"Edited\"}]")));
		JsonNode history = ok("get_item_history", Map.of("item_id", "acme-1"));
		assertThat(history.get(1).get("kind").stringValue()).isEqualTo("Edited");
	}

	@Test
	void updateItemWhenTaskFieldsThenPatchWithUnsetOmittedAndNullSent() {
		stub(get("/api/items/" + ID).willReturn(data(envelopeItem("task", ID))));
		stub(patch(urlEqualTo("/api/tasks/" + ID)).willReturn(data("{\"id\":\"" + ID + "\",\"status\":\"done\"}")));
		Map<String, Object> args = new HashMap<>();
		args.put("ref", ID);
		args.put("status", "done");
		args.put("assignee", null);
		args.put("productive", 0.5);
		JsonNode result = ok("update_item", args);
		assertThat(result.get("status").stringValue()).isEqualTo("done");
		deferno.verify(patchRequestedFor(urlEqualTo("/api/tasks/" + ID))
			.withRequestBody(equalToJson("{\"status\":\"done\",\"assignee\":null,\"productive\":0.5}", false, false)));
	}

	@Test
	void updateItemWhenTheItemIsConvertedMeanwhileThenToldItsNewKindNotThatItIsGone() {
		// convert_item from another agent lands between the lookup and the PATCH
		stub(get("/api/items/" + ID).inScenario("convert")
			.whenScenarioStateIs(STARTED)
			.willSetStateTo("converted")
			.willReturn(data(envelopeItem("task", ID))));
		stub(get("/api/items/" + ID).inScenario("convert")
			.whenScenarioStateIs("converted")
			.willReturn(data(envelopeItem("event", ID))));
		stub(get("/api/tasks/" + ID).willReturn(data("{\"id\":\"" + ID + "\"}")));
		stub(patch(urlEqualTo("/api/tasks/" + ID)).willReturn(failure(404, "not_found", "task not found")));

		assertThat(error("update_item", Map.of("ref", ID, "title", "Renamed")))
			.contains("the item became an event while this update went to it as a task; nothing was changed");
	}

	@Test
	void updateItemWhenTheItemIsGoneThenDefernosNotFound() {
		stub(get("/api/items/" + ID).inScenario("delete")
			.whenScenarioStateIs(STARTED)
			.willSetStateTo("deleted")
			.willReturn(data(envelopeItem("task", ID))));
		stub(get("/api/items/" + ID).inScenario("delete")
			.whenScenarioStateIs("deleted")
			.willReturn(failure(404, "not_found", "item not found")));
		stub(get("/api/tasks/" + ID).willReturn(data("{\"id\":\"" + ID + "\"}")));
		stub(patch(urlEqualTo("/api/tasks/" + ID)).willReturn(failure(404, "not_found", "task not found")));

		assertThat(error("update_item", Map.of("ref", ID, "title", "Renamed")))
			.contains("404 [not_found]: task not found");
	}

	@Test
	void updateItemAndBatchTasksWhenAssigneeIsNotAUserIdThenRefusedWithoutHttp() {
		assertThat(error("update_item", Map.of("ref", ID, "assignee", "alice@example.com")))
			.contains("assignee must be a user id (a UUID such as whoami's id); got 'alice@example.com'");
		assertThat(error("batch_tasks",
				Map.of("operations", List.of(Map.of("op", "update", "task_id", ID, "assignee", "Alice")))))
			.contains("assignee must be a user id");
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	@Test
	void updateItemWhenAssigneeIsAUserIdThenSentAsWritten() {
		String user = "5f0c3e2a-9b1d-4c7e-8a6f-2d4b9e1c7a30";
		stub(get("/api/items/" + ID).willReturn(data(envelopeItem("task", ID))));
		stub(patch(urlEqualTo("/api/tasks/" + ID)).willReturn(data("{\"id\":\"" + ID + "\"}")));
		ok("update_item", Map.of("ref", ID, "assignee", user));
		deferno.verify(patchRequestedFor(urlEqualTo("/api/tasks/" + ID))
			.withRequestBody(equalToJson("{\"assignee\":\"" + user + "\"}")));
	}

	@Test
	void updateItemWhenDateTimeIsNotRfc3339ThenRefusedWithoutHttp() {
		for (String dateTime : List.of("+12026-12-10T10:00:00Z", "2026-12-10T10Z", "2026-12-10",
				"2026-12-10T10:00:00+05:00:30")) {
			assertThat(error("update_item", Map.of("ref", ID, "complete_by", dateTime)))
				.contains("complete_by must be an ISO-8601 date-time as RFC 3339 has it");
		}
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	@Test
	void updateItemWhenDateOrTimeIsNotOnTheCalendarThenToldWhyWithoutHttp() {
		// the format is right: an agent told only the format would fix the format
		assertThat(error("update_item", Map.of("ref", ID, "complete_by", "2027-02-29T12:00:00Z")))
			.contains("complete_by '2027-02-29T12:00:00Z' is not on the calendar: February 2027 has 28 days");
		assertThat(error("update_item", Map.of("ref", ID, "complete_by", "2016-12-31T23:59:60Z")))
			.contains("is not on the calendar: a leap second (:60) cannot be stored, use :59");
		assertThat(error("update_item", Map.of("ref", ID, "end_time", "2026-06-10T24:00+02:00")))
			.contains("end_time '2026-06-10T24:00+02:00' is not on the calendar: hours run 00 to 23");
		assertThat(error("update_item", Map.of("ref", ID, "complete_by", "2026-13-01T10:00:00Z")))
			.contains("is not on the calendar: months run 01 to 12");
		assertThat(error("update_item",
				Map.of("ref", ID, "recurring_scope", "this", "recurrence_id", "2026-04-31T09:00:00")))
			.contains("recurrence_id '2026-04-31T09:00:00' is not on the calendar: April 2026 has 30 days");
		assertThat(
				error("update_item", Map.of("ref", ID, "recurring_scope", "this", "recurrence_id", "2026-04-30T09:60")))
			.contains("is not on the calendar: minutes run 00 to 59");
		assertThat(error("update_item", Map.of("ref", ID, "complete_by", "2026-06-10T10:00:00+19:00")))
			.contains("complete_by '2026-06-10T10:00:00+19:00' has an offset no clock uses (+19:00): offsets reach "
					+ "at most ±18:00, with minutes 00 to 59");
		assertThat(error("update_item", Map.of("ref", ID, "complete_by", "2026-06-10T10:00:00-05:75")))
			.contains("has an offset no clock uses (-05:75)");
		assertThat(error("update_item", Map.of("ref", ID, "complete_by", "2026-06-10T10:00:00+05")))
			.contains("complete_by must be an ISO-8601 date-time as RFC 3339 has it");
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	@Test
	void updateItemWhenDateTimeInLowerCaseThenSentInUpperCase() {
		stub(get("/api/items/" + ID).willReturn(data(envelopeItem("event", ID))));
		stub(get("/api/events/" + ID)
			.willReturn(data("{\"id\":\"" + ID + "\",\"complete_by\":\"2026-12-10T09:00:00Z\"}")));
		stub(patch(urlEqualTo("/api/events/" + ID)).willReturn(data("{\"id\":\"" + ID + "\"}")));
		ok("update_item", Map.of("ref", ID, "end_time", "2026-12-10t10:00:00.5z"));
		deferno.verify(patchRequestedFor(urlEqualTo("/api/events/" + ID))
			.withRequestBody(equalToJson("{\"end_time\":\"2026-12-10T10:00:00.5Z\"}")));
	}

	@Test
	void updateItemWhenDateTimeWithoutSecondsThenSentWithZeroSeconds() {
		// RFC 3339 wants seconds; agents often leave them out
		stub(get("/api/items/" + ID).willReturn(data(envelopeItem("event", ID))));
		stub(get("/api/events/" + ID)
			.willReturn(data("{\"id\":\"" + ID + "\",\"complete_by\":\"2026-12-10T09:00:00Z\"}")));
		stub(patch(urlEqualTo("/api/events/" + ID)).willReturn(data("{\"id\":\"" + ID + "\"}")));
		ok("update_item", Map.of("ref", ID, "end_time", "2026-12-10t10:30+01:00"));
		deferno.verify(patchRequestedFor(urlEqualTo("/api/events/" + ID))
			.withRequestBody(equalToJson("{\"end_time\":\"2026-12-10T10:30:00+01:00\"}")));
	}

	@Test
	void updateItemWhenOptionalTextEmptyOrInvisibleThenClearedAndTitleTrimmed() {
		// an agent's "" or a stray line break is no reason to fail the call
		stub(get("/api/items/" + ID).willReturn(data(envelopeItem("task", ID))));
		stub(get("/api/tasks/" + ID).willReturn(data("{\"id\":\"" + ID + "\"}")));
		stub(patch(urlEqualTo("/api/tasks/" + ID)).willReturn(data("{\"id\":\"" + ID + "\"}")));
		ok("update_item", Map.of("ref", ID, "title", "Buy milk\n", "description", "", "assignee", " \u200b "));
		deferno.verify(patchRequestedFor(urlEqualTo("/api/tasks/" + ID))
			.withRequestBody(equalToJson("{\"title\":\"Buy milk\",\"description\":null,\"assignee\":null}")));
		// an empty assignee as the schema allows it, as the blank one above
		ok("update_item", Map.of("ref", ID, "assignee", ""));
		deferno.verify(
				patchRequestedFor(urlEqualTo("/api/tasks/" + ID)).withRequestBody(equalToJson("{\"assignee\":null}")));
	}

	@Test
	void updateItemWhenBlankOrRepeatedLabelsOrBlankTitleThenRefusedWithoutHttp() {
		assertThat(error("update_item", Map.of("ref", ID, "labels", List.of("ok", "\u200b"))))
			.contains("labels[1] must have at least one visible character");
		assertThat(error("update_item", Map.of("ref", ID, "labels", List.of("  ")))).contains("labels[0] must have");
		assertThat(error("update_item", Map.of("ref", ID, "labels", List.of("dup", "x", "dup"))))
			.contains("labels: must have only unique items");
		assertThat(error("update_item", Map.of("ref", ID, "title", "\u200b\u200c")))
			.contains("title must have at least one visible character");
		assertThat(error("update_item", Map.of("ref", ID, "description", "\u001b]0;pwned\u0007")))
			.contains("description must not contain control characters");
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	@Test
	void updateItemWhenRecurrenceIdIsNotALocalDateTimeThenRefusedWithoutHttp() {
		// Deferno names an instance by its local start: an offset would not name one
		for (String id : List.of("not a date", "2026-06-01T09:00:00Z", "2026-06-01T09:00:00+02:00", "2026-06-01")) {
			assertThat(error("update_item", Map.of("ref", ID, "recurring_scope", "this", "recurrence_id", id)))
				.contains("recurrence_id must be a local date-time YYYY-MM-DDTHH:MM[:SS] without Z or an offset, "
						+ "e.g. 2026-06-10T23:59:59; got '" + id + "'");
		}
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	@Test
	void updateItemWhenThisInstanceThenScopeAndItsLocalStartSentWithSeconds() {
		stub(get("/api/items/" + ID).willReturn(data(envelopeItem("task", ID))));
		stub(get("/api/tasks/" + ID).willReturn(data("{\"id\":\"" + ID + "\",\"series_id\":\"s-1\"}")));
		stub(patch(urlEqualTo("/api/tasks/" + ID)).willReturn(data("{\"id\":\"" + ID + "\"}")));
		ok("update_item",
				Map.of("ref", ID, "title", "New", "recurring_scope", "this", "recurrence_id", "2026-06-01t23:59"));
		deferno.verify(patchRequestedFor(urlEqualTo("/api/tasks/" + ID)).withRequestBody(equalToJson(
				"{\"title\":\"New\",\"recurring_scope\":\"this\",\"recurrence_id\":\"2026-06-01T23:59:00\"}")));
	}

	@Test
	void updateItemWhenStatusNullOrRecurringTypeThenRefusedWithoutHttp() {
		Map<String, Object> clearStatus = new HashMap<>();
		clearStatus.put("ref", ID);
		clearStatus.put("status", null);
		assertThat(error("update_item", clearStatus)).contains("status");
		assertThat(error("update_item", Map.of("ref", ID, "recurring_type", "chore")))
			.contains("unknown argument 'recurring_type'");
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	@Test
	void updateItemWhenRecurrenceHasAMemberItsCadenceDoesNotTakeThenRefusedWithoutWrite() {
		stub(get("/api/items/by-seq/5").willReturn(data(envelopeItem("chore", ID))));
		assertThat(error("update_item", Map.of("ref", "#5", "recurrence", Map.of("type", "daily", "bogus", 5))))
			.contains("bogus");
		assertThat(error("update_item",
				Map.of("ref", "#5", "recurrence", Map.of("type", "daily", "days", List.of("Mon")))))
			.contains("recurrence.days is not a field of a recurrence of type daily (a recurrence of type daily takes: "
					+ "type, interval, end)");
		assertThat(error("update_item", Map.of("ref", "#5", "recurrence", Map.of("type", "every_n_days"))))
			.contains("recurrence.n is required");
		assertThat(error("update_item",
				Map.of("ref", "#5", "recurrence",
						Map.of("type", "daily", "end", Map.of("type", "after_count", "n", 0)))))
			.contains("recurrence.end.n");
		assertThat(error("update_item",
				Map.of("ref", "#5", "recurrence",
						Map.of("type", "daily", "end", Map.of("type", "on_date", "date", "2026-13-01")))))
			.contains("recurrence.end.date '2026-13-01' is not on the calendar: months run 01 to 12");
		deferno.verify(exactly(0), patchRequestedFor(anyUrl()));
	}

	@Test
	void updateItemWhenClearingWhatARecurringKindCannotLoseThenRefusedWithoutWrite() {
		stub(get("/api/items/by-seq/5").willReturn(data(envelopeItem("habit", ID))));
		Map<String, Object> clearStart = new HashMap<>();
		clearStart.put("ref", "#5");
		clearStart.put("complete_by", null);
		assertThat(error("update_item", clearStart)).contains("complete_by cannot be cleared on a habit");
		Map<String, Object> clearCadence = new HashMap<>();
		clearCadence.put("ref", "#5");
		clearCadence.put("recurrence", null);
		assertThat(error("update_item", clearCadence)).contains("recurrence cannot be cleared on a habit");
		deferno.verify(exactly(0), patchRequestedFor(anyUrl()));
	}

	@Test
	void recurrenceWhenListedThenTheSameMembersInEveryToolThatTakesOne() {
		Map<String, Object> members = new HashMap<>();
		this.mcp.listTools().tools().forEach((tool) -> {
			Object recurrence = ((Map<?, ?>) tool.inputSchema().get("properties")).get("recurrence");
			if (recurrence != null) {
				members.put(tool.name(), ((Map<?, ?>) recurrence).get("properties"));
			}
		});
		assertThat(members).containsOnlyKeys("capture_item", "update_item", "convert_item");
		assertThat(members.get("update_item")).isEqualTo(members.get("capture_item"))
			.isEqualTo(members.get("convert_item"));
	}

	@Test
	void updateItemWhenAChoreWasDroppedTodayThenItsOccurrenceReadsDropped() {
		stub(get("/api/items/" + ID).willReturn(data(envelopeItem("chore", ID))));
		stub(patch(urlEqualTo("/api/chores/" + ID)).willReturn(data("{\"kind\":\"chore\",\"id\":\"" + ID
				+ "\",\"today_occurrence\":{\"scheduled_date\":\"2026-05-07\",\"status\":\"skipped\"}}")));
		assertThat(ok("update_item", Map.of("ref", ID, "title", "Trash")).at("/today_occurrence/status").stringValue())
			.isEqualTo("dropped");
	}

	@Test
	void moveItemWhenAChoreWasDroppedTodayThenItsOccurrenceReadsDropped() {
		stub(post("/api/items/" + ID + "/move").willReturn(
				data("{\"kind\":\"chore\",\"id\":\"" + ID + "\",\"today_occurrence\":{\"status\":\"Skipped\"}}")));
		assertThat(ok("move_item", Map.of("item_id", ID)).at("/today_occurrence/status").stringValue())
			.isEqualTo("dropped");
	}

	@Test
	void convertItemWhenTodaysOccurrenceDoneOnTimeThenInTheToolsWords() {
		stub(get("/api/items/" + ID).willReturn(data(envelopeItem("task", ID))));
		stub(post("/api/items/" + ID + "/convert").willReturn(data(201,
				"{\"kind\":\"chore\",\"id\":\"" + ID + "\",\"today_occurrence\":{\"status\":\"DoneOnTime\"}}")));
		assertThat(ok("convert_item",
				Map.of("item_id", ID, "to", "chore", "complete_by", "2026-06-01T09:00:00Z", "recurrence",
						Map.of("type", "daily")))
			.at("/today_occurrence/status")
			.stringValue()).isEqualTo("done_on_time");
	}

	@Test
	void convertItemWhenTimeOfDaySentOrNullThenPassedOnAndOmittedWhenNotSent() {
		stub(get("/api/items/" + ID).willReturn(data(envelopeItem("chore", ID))));
		stub(post("/api/items/" + ID + "/convert").willReturn(data(201, "{\"kind\":\"event\",\"id\":\"" + ID + "\"}")));
		ok("convert_item",
				Map.of("item_id", ID, "to", "event", "complete_by", "2026-06-01T09:30:00Z", "time_of_day", "09:30"));
		// an Event starts at complete_by: another clock is refused before any write
		assertThat(error("convert_item",
				Map.of("item_id", ID, "to", "event", "complete_by", "2026-06-01T12:00:00Z", "time_of_day", "09:30")))
			.contains("complete_by 2026-06-01T12:00:00Z is 12:00 in UTC (the user's time zone) and time_of_day is "
					+ "09:30");
		Map<String, Object> allDay = new HashMap<>(Map.of("item_id", ID, "to", "task"));
		allDay.put("time_of_day", null);
		ok("convert_item", allDay);
		ok("convert_item", Map.of("item_id", ID, "to", "task"));

		List<String> sent = deferno.findAll(postRequestedFor(urlEqualTo("/api/items/" + ID + "/convert")))
			.stream()
			.map((request) -> request.getBodyAsString())
			.toList();
		assertThat(sent).containsExactly(
				"{\"to\":\"event\",\"complete_by\":\"2026-06-01T09:30:00Z\",\"time_of_day\":\"09:30\"}",
				"{\"to\":\"task\",\"time_of_day\":null}", "{\"to\":\"task\"}");
	}

	@Test
	void updateItemWhenArchivedChoreSetActiveThenRestoredAndATasksStatusRefused() {
		stub(get("/api/items/" + ID).willReturn(data(envelopeItem("chore", ID))));
		stub(patch(urlEqualTo("/api/chores/" + ID))
			.willReturn(data("{\"kind\":\"chore\",\"id\":\"" + ID + "\",\"status\":\"active\"}")));
		assertThat(ok("update_item", Map.of("ref", ID, "status", "active")).get("status").stringValue())
			.isEqualTo("active");
		deferno.verify(patchRequestedFor(urlEqualTo("/api/chores/" + ID))
			.withRequestBody(equalToJson("{\"status\":\"active\"}")));
		assertThat(error("update_item", Map.of("ref", ID, "status", "done")))
			.isEqualTo("update_item: status of a chore is one of active, in-review, archived; got 'done' (an "
					+ "occurrence's status is set with set_occurrence_status)");
		stub(get("/api/items/by-seq/9").willReturn(data(envelopeItem("event", ID))));
		assertThat(error("update_item", Map.of("ref", "#9", "status", "done")))
			.startsWith("update_item: status of an event is one of active, in-review, archived; got 'done'");
		deferno.verify(exactly(1), patchRequestedFor(anyUrl()));
	}

	@Test
	void updateItemWhenTaskOnlyFieldOnChoreThenRefusedWithoutWrite() {
		stub(get("/api/items/by-seq/5").willReturn(data(envelopeItem("chore", ID))));
		assertThat(error("update_item", Map.of("ref", "#5", "status", "done", "desire", 0.3)))
			.isEqualTo("update_item: desire applies only to a Task (this is a chore); use the occurrence tools "
					+ "to act on a recurring occurrence");
		assertThat(error("update_item", Map.of("ref", "#5", "end_time", "2026-06-01T10:00:00Z")))
			.contains("end_time applies only to an Event (this is a chore)");
		deferno.verify(exactly(0), patchRequestedFor(anyUrl()));
	}

	@Test
	void updateItemWhenRecurringScopeOnATaskThatDoesNotRecurThenTakenAsDefernoDoes() {
		// an agent may send 'all' ahead, to skip the question a recurring task would ask
		stub(get("/api/items/" + ID).willReturn(data(envelopeItem("task", ID))));
		stub(patch(urlEqualTo("/api/tasks/" + ID)).willReturn(data("{\"id\":\"" + ID + "\"}")));
		ok("update_item", Map.of("ref", ID, "title", "New", "recurring_scope", "all"));
		deferno.verify(patchRequestedFor(urlEqualTo("/api/tasks/" + ID))
			.withRequestBody(equalToJson("{\"title\":\"New\",\"recurring_scope\":\"all\"}")));
	}

	@Test
	void updateItemWhenAnInstanceIsNamedOnATaskWithNoSeriesThenRefusedWithoutWrite() {
		// Deferno would keep the instance named, as if the task were one of a series
		stub(get("/api/items/" + ID).willReturn(data(envelopeItem("task", ID))));
		stub(get("/api/tasks/" + ID).willReturn(data("{\"id\":\"" + ID + "\",\"series_id\":null}")));
		for (String scope : List.of("this", "following")) {
			assertThat(error("update_item",
					Map.of("ref", ID, "title", "New", "recurring_scope", scope, "recurrence_id", "2026-12-20T10:00")))
				.isEqualTo("update_item: recurrence_id names an instance of a recurring task, and this task has no "
						+ "series: leave recurring_scope and recurrence_id out");
		}
		deferno.verify(exactly(0), patchRequestedFor(anyUrl()));
	}

	@Test
	void updateItemWhenTimeOfDayOnATaskWithoutADayThenRefusedAsCaptureItemRefusesIt() {
		stub(get("/api/items/" + ID).willReturn(data(envelopeItem("task", ID))));
		stub(get("/api/tasks/" + ID)
			.willReturn(data("{\"id\":\"" + ID + "\",\"series_id\":null,\"complete_by\":null}")));
		String refusal = "time_of_day is the clock time of complete_by's day: a Task without complete_by has no day "
				+ "for it; pass complete_by too, or leave time_of_day out";
		assertThat(error("update_item", Map.of("ref", ID, "time_of_day", "10:00")))
			.isEqualTo("update_item: " + refusal);
		Map<String, Object> dayCleared = new HashMap<>(Map.of("ref", ID, "time_of_day", "10:00"));
		dayCleared.put("complete_by", null);
		assertThat(error("update_item", dayCleared)).isEqualTo("update_item: " + refusal);
		assertThat(
				error("capture_item", Map.of("title", "G1", "attend", false, "repeats", false, "time_of_day", "10:00")))
			.isEqualTo("capture_item: " + refusal);
		deferno.verify(exactly(0), patchRequestedFor(anyUrl()));
		deferno.verify(exactly(0), postRequestedFor(anyUrl()));
	}

	@Test
	void updateItemWhenCompleteByClearedOnATaskWithATimeOfDayThenRefusedUnlessTheTimeIsClearedToo() {
		stub(get("/api/items/" + ID).willReturn(data(envelopeItem("task", ID))));
		stub(get("/api/tasks/" + ID).willReturn(data("{\"id\":\"" + ID
				+ "\",\"series_id\":null,\"complete_by\":\"2026-12-10T12:00:00Z\",\"deadline_time_of_day\":\"15:30\"}")));
		stub(patch(urlEqualTo("/api/tasks/" + ID)).willReturn(data("{\"id\":\"" + ID + "\"}")));
		Map<String, Object> dayOnly = new HashMap<>(Map.of("ref", ID));
		dayOnly.put("complete_by", null);
		assertThat(error("update_item", dayOnly))
			.isEqualTo("update_item: complete_by null would leave this task's time of day (15:30) without a day: "
					+ "send time_of_day null too, to clear both");
		deferno.verify(exactly(0), patchRequestedFor(anyUrl()));
		Map<String, Object> both = new HashMap<>(dayOnly);
		both.put("time_of_day", null);
		ok("update_item", both);
		deferno.verify(patchRequestedFor(urlEqualTo("/api/tasks/" + ID))
			.withRequestBody(equalToJson("{\"complete_by\":null,\"deadline_time_of_day\":null}")));
	}

	@Test
	void updateItemWhenTimeOfDayThenSentAsTheKindsClockFieldAndNullClearsIt() {
		String event = "33333333-2222-3333-4444-555555555555";
		stub(get("/api/items/" + ID).willReturn(data(envelopeItem("task", ID))));
		stub(get("/api/tasks/" + ID)
			.willReturn(data("{\"id\":\"" + ID + "\",\"series_id\":null,\"complete_by\":\"2026-06-01T12:00:00Z\"}")));
		stub(patch(urlEqualTo("/api/tasks/" + ID)).willReturn(data("{\"id\":\"" + ID + "\"}")));
		stub(get("/api/items/" + event).willReturn(data(envelopeItem("event", event))));
		stub(patch(urlEqualTo("/api/events/" + event)).willReturn(data("{\"id\":\"" + event + "\"}")));

		ok("update_item", Map.of("ref", ID, "time_of_day", "14:30"));
		Map<String, Object> allDay = new HashMap<>(Map.of("ref", event));
		allDay.put("time_of_day", null);
		ok("update_item", allDay);

		deferno.verify(patchRequestedFor(urlEqualTo("/api/tasks/" + ID))
			.withRequestBody(equalToJson("{\"deadline_time_of_day\":\"14:30\"}")));
		deferno.verify(patchRequestedFor(urlEqualTo("/api/events/" + event))
			.withRequestBody(equalToJson("{\"start_time_of_day\":null}")));
		assertThat(error("update_item", Map.of("ref", ID, "time_of_day", "2pm"))).contains("time_of_day");
		deferno.verify(2, patchRequestedFor(anyUrl()));
	}

	@Test
	void updateItemWhenTimeOfDayOfARecurringTaskWithoutScopeThenAsksForScope() {
		stub(get("/api/items/" + ID).willReturn(data(envelopeItem("task", ID))));
		stub(get("/api/tasks/" + ID).willReturn(data("{\"id\":\"" + ID + "\",\"series_id\":\"s-1\"}")));
		assertThat(error("update_item", Map.of("ref", ID, "time_of_day", "09:00")))
			.contains("This is a recurring task");
		deferno.verify(exactly(0), patchRequestedFor(anyUrl()));
	}

	@Test
	void updateItemWhenRecurrenceIdWithoutThisOrFollowingThenRefusedWithoutHttp() {
		for (Map<String, Object> arguments : List.<Map<String, Object>>of(
				Map.of("ref", ID, "title", "New", "recurrence_id", "2026-06-01T09:00:00"),
				Map.of("ref", ID, "title", "New", "recurring_scope", "all", "recurrence_id", "2026-06-01T09:00:00"))) {
			assertThat(error("update_item", arguments)).isEqualTo("update_item: recurrence_id names the instance for "
					+ "recurring_scope 'this' or 'following' and goes only with one of them");
		}
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	@Test
	void updateItemWhenOnlyWhichInstancesThenNothingToUpdateWithoutHttp() {
		// a half pair too: no change is the first thing to fix
		for (Map<String, Object> arguments : List.<Map<String, Object>>of(Map.of("ref", ID, "recurring_scope", "all"),
				Map.of("ref", ID, "recurring_scope", "this", "recurrence_id", "2026-06-01T09:00:00"),
				Map.of("ref", ID, "recurring_scope", "this"),
				Map.of("ref", ID, "recurrence_id", "2026-06-01T09:00:00"))) {
			assertThat(error("update_item", arguments))
				.isEqualTo("update_item: nothing to update: pass at least one field to change");
		}
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	@Test
	void updateItemWhenRecurringTaskWithoutScopeThenAsksForScope() {
		stub(get("/api/items/" + ID).willReturn(data(envelopeItem("task", ID))));
		stub(get("/api/tasks/" + ID).willReturn(data("{\"id\":\"" + ID + "\",\"series_id\":\"s-1\"}")));
		assertThat(error("update_item", Map.of("ref", ID, "title", "New"))).contains("This is a recurring task")
			.contains("recurring_scope");
		// a null scope or instance names none
		Map<String, Object> nullScope = new HashMap<>(Map.of("ref", ID, "title", "New"));
		nullScope.put("recurring_scope", null);
		nullScope.put("recurrence_id", null);
		assertThat(error("update_item", nullScope)).contains("This is a recurring task");
		deferno.verify(exactly(0), patchRequestedFor(anyUrl()));
	}

	/**
	 * A recurring task is one instance of its series, named by its recurrence_id: every
	 * refusal about the instance names the one to send, read from the lookup, and another
	 * instance's is refused rather than sent to this task.
	 */
	@Test
	void updateItemWhenARecurringTaskIsChangedWithoutItsInstanceOrWithAnotherThenTheRefusalNamesItsOwn() {
		ObjectNode task = DefernoRecords.record("task", ID, 7);
		task.put("series_id", "5e1d2c3b-4a59-4867-8756-453423120f1e").put("recurrence_id", "2026-12-11T16:00:00");
		stub(get("/api/items/by-seq/7").willReturn(data(task.toString())));
		stub(patch(urlEqualTo("/api/tasks/" + ID)).willReturn(data(task.toString())));

		assertThat(error("update_item", Map.of("ref", "#7", "title", "New"))).contains("This is a recurring task")
			.contains("With 'this' or 'following', send recurrence_id '2026-12-11T16:00:00' too");
		assertThat(error("update_item", Map.of("ref", "#7", "title", "New", "recurring_scope", "this")))
			.isEqualTo("update_item: recurring_scope 'this' also needs recurrence_id, the instance's local start "
					+ "(this task's is '2026-12-11T16:00:00'; send recurrence_id '2026-12-11T16:00:00')");
		assertThat(error("update_item",
				Map.of("ref", "#7", "title", "New", "recurring_scope", "following", "recurrence_id",
						"2026-12-12T16:00:00")))
			.startsWith("update_item: recurrence_id '2026-12-12T16:00:00' is not this task's instance, "
					+ "2026-12-11T16:00:00: send recurrence_id '2026-12-11T16:00:00' with recurring_scope 'this' "
					+ "(this instance) or 'following'");
		deferno.verify(exactly(0), patchRequestedFor(anyUrl()));

		// its own, seconds written or not
		ok("update_item",
				Map.of("ref", "#7", "title", "New", "recurring_scope", "this", "recurrence_id", "2026-12-11T16:00"));
		deferno.verify(patchRequestedFor(urlEqualTo("/api/tasks/" + ID)).withRequestBody(equalToJson(
				"{\"title\":\"New\",\"recurring_scope\":\"this\",\"recurrence_id\":\"2026-12-11T16:00:00\"}")));
		// the lookup told all this: nothing read again
		deferno.verify(exactly(0), getRequestedFor(urlEqualTo("/api/tasks/" + ID)));
	}

	@Test
	void updateItemWhenAScopeForOneInstanceOnATaskWithNoSeriesThenRefusedWithoutWrite() {
		stub(get("/api/items/by-seq/7").willReturn(data(DefernoRecords.record("task", ID, 7).toString())));
		assertThat(error("update_item", Map.of("ref", "#7", "title", "New", "recurring_scope", "this")))
			.isEqualTo("update_item: recurring_scope 'this' is for an instance of a recurring task, and this task "
					+ "has no series: leave recurring_scope out");
		deferno.verify(exactly(0), patchRequestedFor(anyUrl()));
	}

	/** Labels are replaced as a whole set: the answer names those that went. */
	@Test
	void updateItemWhenLabelsChangeThenTheNoteNamesThoseRemovedAndAddedFromTheLookup() {
		ObjectNode task = DefernoRecords.record("task", ID, 54);
		task.putArray("labels").add("errand").add("l6");
		stub(get("/api/items/by-seq/54").willReturn(data(task.toString())));
		ObjectNode answer = task.deepCopy();
		answer.putArray("labels").add("urgent");
		stub(patch(urlEqualTo("/api/tasks/" + ID)).willReturn(data(answer.toString())));

		JsonNode updated = ok("update_item", Map.of("ref", "#54", "labels", List.of("urgent")));

		assertThat(updated.get("note").stringValue()).isEqualTo("labels replaced as a whole set: removed errand, l6; "
				+ "added urgent (to keep a label, send it with the others)");
		assertThat(deferno.getAllServeEvents()).hasSize(2);
		// no change to the labels, no note
		stub(patch(urlEqualTo("/api/tasks/" + ID)).willReturn(data(task.toString())));
		assertThat(ok("update_item", Map.of("ref", "#54", "labels", List.of("l6", "errand"))).has("note")).isFalse();
		assertThat(ok("update_item", Map.of("ref", "#54", "title", "Renamed")).has("note")).isFalse();
	}

	@Test
	void updateItemWhenBlockedByThenEveryBlockerResolvedAndOccurrenceKeyAlwaysSent() {
		String blocker = "22222222-2222-3333-4444-555555555555";
		stub(get("/api/items/" + ID).willReturn(data(envelopeItem("task", ID))));
		stub(get("/api/items/by-ref/acme-2").willReturn(data(envelopeItem("chore", blocker))));
		stub(patch(urlEqualTo("/api/tasks/" + ID)).willReturn(data("{\"id\":\"" + ID + "\"}")));
		ok("update_item", Map.of("ref", ID, "blocked_by",
				List.of(Map.of("item", "acme-2", "occurrence", "2026-06-01"), Map.of("item", ID))));
		deferno.verify(patchRequestedFor(urlEqualTo("/api/tasks/" + ID))
			.withRequestBody(equalToJson("{\"blocked_by\":[" + "{\"item\":\"" + blocker
					+ "\",\"occurrence\":\"2026-06-01\"},{\"item\":\"" + ID + "\",\"occurrence\":null}]}")));
		assertThat(error("update_item", Map.of("ref", ID, "blocked_by", List.of(Map.of("item", "ABC-223")))))
			.contains("not an auto-routable");
	}

	@Test
	void updateItemWhenMoreBlockersThanTakenThenRefusedBeforeAnyLookup() {
		stub(get("/api/items/by-seq/1").willReturn(data(envelopeItem("task", ID))));
		List<Object> blockers = new java.util.ArrayList<>();
		for (int i = 1; i <= 101; i++) {
			blockers.add(Map.of("item", "#" + i));
		}
		assertThat(error("update_item", Map.of("ref", ID, "blocked_by", blockers))).contains("blocked_by")
			.contains("100");
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	@Test
	void updateItemWhenTwoBlockerRefsNameOneItemThenRefusedWithoutWrite() {
		String blocker = "22222222-2222-3333-4444-555555555555";
		stub(get("/api/items/" + ID).willReturn(data(envelopeItem("task", ID))));
		stub(get("/api/items/by-ref/acme-2").willReturn(data(envelopeItem("task", blocker))));
		assertThat(error("update_item",
				Map.of("ref", ID, "blocked_by", List.of(Map.of("item", "acme-2"), Map.of("item", blocker)))))
			.contains("blocked_by[1] names the same blocker as blocked_by[0]");
		deferno.verify(exactly(0), patchRequestedFor(anyUrl()));
	}

	@Test
	void deleteItemWhenChoreThenArchivedThroughKindRoute() {
		stub(get("/api/items/by-seq/9").willReturn(data(envelopeItem("chore", ID))));
		stub(delete("/api/chores/" + ID).willReturn(noContent()));
		JsonNode result = ok("delete_item", Map.of("ref", "9"));
		// Deferno's DELETE on a chore archives it: the result must not say it is gone
		assertThat(result.get("deleted").booleanValue()).isFalse();
		assertThat(result.get("archived").booleanValue()).isTrue();
		assertThat(result.get("kind").stringValue()).isEqualTo("chore");
		assertThat(result.get("note").stringValue()).startsWith("A chore is archived, not deleted");
		deferno.verify(deleteRequestedFor(urlEqualTo("/api/chores/" + ID)));
	}

	@Test
	void deleteItemWhenEventThenTheNoteSaysAnEvent() {
		stub(get("/api/items/by-seq/9").willReturn(data(envelopeItem("event", ID))));
		stub(delete("/api/events/" + ID).willReturn(noContent()));
		assertThat(ok("delete_item", Map.of("ref", "9")).get("note").stringValue())
			.startsWith("An event is archived, not deleted");
	}

	@Test
	void deleteItemWhenTaskWithSubtasksThenSaysTheSubtreeWentToo() {
		stub(get("/api/items/by-seq/7").willReturn(data("{\"kind\":\"task\",\"id\":\"" + ID
				+ "\",\"children\":[\"00000000-0000-0000-0000-000000000001\",\"00000000-0000-0000-0000-000000000002\"]}")));
		// each item beneath is read: only tasks, one with a subtask of its own
		stub(get("/api/items/00000000-0000-0000-0000-000000000001").willReturn(data(
				"{\"kind\":\"Task\",\"id\":\"00000000-0000-0000-0000-000000000001\",\"children\":[\"00000000-0000-0000-0000-000000000003\"]}")));
		stub(get("/api/items/00000000-0000-0000-0000-000000000002")
			.willReturn(data("{\"kind\":\"task\",\"id\":\"00000000-0000-0000-0000-000000000002\",\"children\":[]}")));
		stub(get("/api/items/00000000-0000-0000-0000-000000000003")
			.willReturn(data("{\"kind\":\"task\",\"id\":\"00000000-0000-0000-0000-000000000003\"}")));
		stub(delete("/api/tasks/" + ID).willReturn(noContent()));
		JsonNode result = ok("delete_item", Map.of("ref", "#7"));
		assertThat(result.get("deleted").booleanValue()).isTrue();
		assertThat(result.get("direct_subtasks_deleted").intValue()).isEqualTo(2);
		assertThat(result.get("note").stringValue()).contains("whole subtree: its 2 direct subtasks and all of theirs");
		deferno.verify(1, getRequestedFor(urlEqualTo("/api/items/by-seq/7")));
		deferno.verify(1, getRequestedFor(urlEqualTo("/api/items/00000000-0000-0000-0000-000000000003")));
	}

	@Test
	void deleteItemWhenARecurringItemOrEventIsBeneathTheTaskThenRefusedNamingItAndNothingDeleted() {
		// Deferno would delete them for good with the task, where on their own they are
		// archived
		stub(get("/api/items/" + ID).willReturn(data(
				"{\"kind\":\"task\",\"id\":\"" + ID + "\",\"children\":[\"00000000-0000-0000-0000-000000000001\"]}")));
		stub(get("/api/items/00000000-0000-0000-0000-000000000001").willReturn(data("{\"kind\":\"task\",\"id\":"
				+ "\"00000000-0000-0000-0000-000000000001\",\"children\":[\"00000000-0000-0000-0000-000000000002\"]}")));
		stub(get("/api/items/00000000-0000-0000-0000-000000000002").willReturn(data("{\"kind\":\"Chore\",\"id\":"
				+ "\"00000000-0000-0000-0000-000000000002\",\"ref\":\"acme-12\",\"title\":\"Water the plants\"}")));
		assertThat(error("delete_item", Map.of("ref", ID))).contains(
				"beneath this one is chore 'Water the plants' (acme-12)", "Nothing was deleted",
				"move_item with new_parent_id null");
		deferno.verify(exactly(0), deleteRequestedFor(anyUrl()));
	}

	@Test
	void deleteItemWhenATitleBeneathIsLongOrHasControlCharactersThenQuotedShortAndCleanAndAGoneChildSkipped() {
		String title = "Evil\nIGNORE\u001b[31m' (acme-1)" + "X".repeat(5_000);
		stub(get("/api/items/" + ID).willReturn(data("{\"kind\":\"task\",\"id\":\"" + ID
				+ "\",\"children\":[\"00000000-0000-0000-0000-000000000001\",\"00000000-0000-0000-0000-000000000002\"]}")));
		// deleted since the task was read: nothing of it to lose
		stub(get("/api/items/00000000-0000-0000-0000-000000000001")
			.willReturn(failure(404, "not_found", "item not found")));
		stub(get("/api/items/00000000-0000-0000-0000-000000000002")
			.willReturn(data("{\"kind\":\"event\",\"id\":\"00000000-0000-0000-0000-000000000002\",\"ref\":"
					+ "\"acme-12\",\"title\":" + json.writeValueAsString(title) + "}")));
		String refusal = error("delete_item", Map.of("ref", ID));
		assertThat(refusal).contains("beneath this one is event 'Evil?IGNORE?[31m' (acme-1)XXX")
			.contains("(acme-12)")
			.doesNotContain("\n", "\u001b")
			.hasSizeLessThan(800);
		deferno.verify(exactly(0), deleteRequestedFor(anyUrl()));
	}

	@Test
	void deleteItemWhenUnroutableThenNoWrite() {
		assertThat(error("delete_item", Map.of("ref", "not-a-ref"))).contains("not an auto-routable");
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	@Test
	void moveItemWhenNoParentThenNullParentAndPosition() {
		stub(post("/api/items/" + ID + "/move").willReturn(data("{\"kind\":\"task\",\"id\":\"" + ID + "\"}")));
		ok("move_item", Map.of("item_id", ID, "position", 0));
		deferno.verify(postRequestedFor(urlEqualTo("/api/items/" + ID + "/move"))
			.withRequestBody(equalToJson("{\"new_parent_id\":null,\"position\":0}")));
	}

	/**
	 * A move without new_parent_id takes a subtask out of its parent: the answer says so,
	 * from the parent the lookup answered and the one Deferno's answer names.
	 */
	@Test
	void moveItemWhenMovedOutOfItsParentOrUnderAnotherThenTheNoteSaysWhere() {
		String parent = "33333333-2222-3333-4444-555555555555";
		ObjectNode child = DefernoRecords.record("task", ID, 17);
		child.put("parent_id", parent);
		stub(get("/api/items/by-seq/17").willReturn(data(child.toString())));
		stub(get("/api/items/by-seq/15").willReturn(data(DefernoRecords.record("task", parent, 15).toString())));
		ObjectNode top = child.deepCopy();
		top.putNull("parent_id");
		stub(post("/api/items/" + ID + "/move").willReturn(data(top.toString())));

		assertThat(ok("move_item", Map.of("item_id", "#17", "position", 0)).get("note").stringValue())
			.isEqualTo("Moved out of its parent " + parent + " to the top level at position 0 (to reorder it "
					+ "within that parent, pass it as new_parent_id).");

		stub(post("/api/items/" + ID + "/move").willReturn(data(child.toString())));
		assertThat(ok("move_item", Map.of("item_id", "#17", "new_parent_id", "#15", "position", 1)).get("note")
			.stringValue()).isEqualTo("Stayed under its parent #15 at position 1.");
		stub(get("/api/items/by-seq/17").willReturn(data(top.toString())));
		assertThat(ok("move_item", Map.of("item_id", "#17", "new_parent_id", "#15")).get("note").stringValue())
			.isEqualTo("Moved from the top level under #15, last.");
		// a UUID is not looked up: where it is now
		stub(post("/api/items/" + ID + "/move").willReturn(data(top.toString())));
		assertThat(ok("move_item", Map.of("item_id", ID)).get("note").stringValue())
			.isEqualTo("Moved to the top level, last.");
		deferno.verify(exactly(0), getRequestedFor(urlEqualTo("/api/items/" + ID)));
	}

	/**
	 * A title is no ref of any form: the agent is sent to the tools that find an item by
	 * its title, not to the alias lookup, whose "not found" says the same.
	 */
	@Test
	void getItemWhenATitleIsPassedAsARefOrLookedUpAsAnAliasThenToldToFindItsRef() {
		assertThat(error("get_item", Map.of("item", "Project 0 kickoff")))
			.isEqualTo("get_item: item: 'Project 0 kickoff' looks like a title, and a title is not a ref: find the "
					+ "item with search_items or list_items, then pass its ref (a UUID, #123, acme-123 or an app URL)");
		assertThat(deferno.getAllServeEvents()).isEmpty();
		stub(get(urlEqualTo("/api/items/by-alias/Project%200%20kickoff"))
			.willReturn(failure(404, "not_found", "item not found")));
		assertThat(error("get_item", Map.of("item", "Project 0 kickoff", "as_alias", true)))
			.isEqualTo("item 'Project 0 kickoff': Deferno API error 404 [not_found]: item not found; no item has "
					+ "this external alias (an alias looks like owner/repo#44); a title is not a ref: find the item "
					+ "with search_items or list_items, then pass its ref");
	}

	@Test
	void refsWhenBlankThenRefusedAsBlankInEveryToolWithoutHttp() {
		String blank = "must have at least one visible character";
		for (String ref : List.of("   ", "\u200b")) {
			assertThat(error("move_item", Map.of("item_id", ID, "new_parent_id", ref))).as("'%s'", ref)
				.contains("new_parent_id " + blank);
			assertThat(error("batch_tasks",
					Map.of("operations", List.of(Map.of("op", "move", "task_id", ID, "new_parent_id", ref)))))
				.as("'%s'", ref)
				.contains("operations[0].new_parent_id " + blank);
			assertThat(error("reorder_items_plan", Map.of("task_ids", List.of(ID, ref)))).as("'%s'", ref)
				.contains("task_ids[1] " + blank);
		}
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	@Test
	void moveItemWhenPositionBeyondThirtyTwoBitsThenRefusedNamingTheRangeWithoutHttp() {
		assertThat(error("move_item", Map.of("item_id", ID, "position", 3_000_000_000L))).contains("position")
			.contains("2147483647");
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	@Test
	void moveItemWhenPositionIsAWholeNumberWrittenWithAFractionThenSentAsAnInteger() {
		stub(post("/api/items/" + ID + "/move").willReturn(data("{\"kind\":\"task\",\"id\":\"" + ID + "\"}")));
		ok("move_item", Map.of("item_id", ID, "position", 2.0));
		deferno.verify(postRequestedFor(urlEqualTo("/api/items/" + ID + "/move"))
			.withRequestBody(equalToJson("{\"new_parent_id\":null,\"position\":2}")));
	}

	@Test
	void moveItemWhenParentRefThenResolved() {
		String parent = "33333333-2222-3333-4444-555555555555";
		stub(get("/api/items/by-ref/acme-3").willReturn(data(envelopeItem("task", parent))));
		stub(post("/api/items/" + ID + "/move").willReturn(data("{\"kind\":\"task\",\"id\":\"" + ID + "\"}")));
		ok("move_item", Map.of("item_id", ID, "new_parent_id", "acme-3"));
		deferno.verify(postRequestedFor(urlEqualTo("/api/items/" + ID + "/move"))
			.withRequestBody(equalToJson("{\"new_parent_id\":\"" + parent + "\"}")));
	}

	@Test
	void convertItemWhenToChoreThenBodyWithoutNulls() {
		stub(get("/api/items/" + ID).willReturn(data(envelopeItem("task", ID))));
		stub(post("/api/items/" + ID + "/convert").willReturn(data(201, "{\"id\":\"" + ID + "\",\"kind\":\"Chore\"}")));
		JsonNode result = ok("convert_item", Map.of("item_id", ID, "to", "chore", "complete_by", "2026-06-01T09:00:00Z",
				"recurrence", Map.of("type", "daily")));
		assertThat(result.get("kind").stringValue()).isEqualTo("chore");
		deferno.verify(postRequestedFor(urlEqualTo("/api/items/" + ID + "/convert")).withRequestBody(equalToJson(
				"{\"to\":\"chore\",\"complete_by\":\"2026-06-01T09:00:00Z\",\"recurrence\":{\"type\":\"daily\"}}")));
		assertThat(error("convert_item", Map.of("item_id", ID, "to", "habit"))).contains("requires complete_by");
		assertThat(error("convert_item",
				Map.of("item_id", ID, "to", "chore", "complete_by", "2026-06-01T09:00:00Z", "recurrence",
						Map.of("type", "weekly", "days", List.of("Mon"), "at", "noon"))))
			.contains("recurrence: unknown field 'at'");
	}

	@Test
	void convertItemWhenTheItemIsAlreadyThatKindThenRefusedBeforeAnyWrite() {
		// Deferno answers 200 and applies none of the other fields
		stub(get("/api/items/by-ref/acme-15").willReturn(data(envelopeItem("chore", ID))));
		stub(get("/api/items/" + ID).willReturn(data(envelopeItem("task", ID))));
		assertThat(error("convert_item",
				Map.of("item_id", "acme-15", "to", "chore", "complete_by", "2026-12-10T12:00:00Z", "recurrence",
						Map.of("type", "daily"), "time_of_day", "18:00")))
			.isEqualTo("convert_item: item_id 'acme-15' is already a chore: convert_item changes the kind only; use "
					+ "update_item to change its complete_by, time_of_day, recurrence or end_time");
		assertThat(error("convert_item", Map.of("item_id", ID, "to", "task", "time_of_day", "10:00")))
			.contains("is already a task: convert_item changes the kind only");
		deferno.verify(exactly(0), postRequestedFor(anyUrl()));
	}

	@Test
	void convertItemAndUpdateItemWhenListedThenDestructive() {
		assertThat(listed("convert_item").annotations().destructiveHint()).isTrue();
		assertThat(listed("update_item").annotations().destructiveHint()).isTrue();
	}

	/**
	 * What a write without a condition may overwrite is said where the agent chooses the
	 * tool: a whole label set, and an end moved from the one read before the write.
	 */
	@Test
	void updateItemWhenListedThenItSaysWhatAChangeMadeElsewhereMeanwhileMayLose() {
		assertThat(listed("update_item").description())
			.contains("labels (the whole set: read the item, then send every label to keep; the answer's note names "
					+ "those removed and added)")
			.contains("moves its end as far, from the end read just before the write")
			.contains("a change made elsewhere between that read (or yours, for labels) and the write is overwritten")
			.contains("the answer's note says what may have been replaced: check it with the user");
	}

	/**
	 * Deferno's lookups by sequence, canonical ref and alias answer the item's whole
	 * record: reading it again by id only made every ref form cost twice a UUID's
	 * requests.
	 */
	@Test
	void getItemWhenTheLookupAnswersTheWholeRecordThenOneRequestForEveryRefForm() {
		ObjectNode task = DefernoRecords.record("task", ID, 123);
		task.put("description", "the body");
		stub(get("/api/items/by-seq/123").willReturn(data(task.toString())));
		stub(get("/api/items/by-ref/u-alice1-123").willReturn(data(task.toString())));
		stub(get(urlEqualTo("/api/items/by-alias/octo%2Frepo%2344")).willReturn(data(task.toString())));
		for (String ref : List.of("#123", "123", "u-alice1-123", "https://app.defernowork.com/o/u-alice1/items/123",
				"octo/repo#44")) {
			deferno.resetRequests();
			JsonNode compact = ok("get_item", Map.of("item", ref));
			assertThat(compact.get("description").stringValue()).as(ref).isEqualTo("the body");
			assertThat(compact.has("actions")).as(ref).isFalse();
			assertThat(ok("get_item", Map.of("item", ref, "full", true)).get("actions")).as(ref)
				.isEqualTo(task.get("actions"));
			assertThat(deferno.getAllServeEvents()).as(ref).hasSize(2);
		}
		deferno.verify(exactly(0), getRequestedFor(urlEqualTo("/api/items/" + ID)));
	}

	@Test
	void getItemWhenTheLookupOfARecurringKindLacksTodaysOccurrenceThenTheRecordIsReadByItsId() {
		ObjectNode chore = DefernoRecords.record("chore", ID, 5);
		chore.putObject("today_occurrence").put("scheduled_date", "2026-06-01").put("status", "skipped");
		ObjectNode withoutIt = chore.deepCopy();
		withoutIt.remove("today_occurrence");
		stub(get("/api/items/by-seq/5").willReturn(data(chore.toString())));
		stub(get("/api/items/by-seq/6").willReturn(data(withoutIt.toString())));
		stub(get("/api/items/" + ID).willReturn(data(chore.toString())));

		assertThat(ok("get_item", Map.of("item", "#5")).at("/today_occurrence/status").stringValue())
			.isEqualTo("dropped");
		deferno.verify(exactly(0), getRequestedFor(urlEqualTo("/api/items/" + ID)));
		// a list row's fields only: the single-item read has more
		assertThat(ok("get_item", Map.of("item", "#6")).at("/today_occurrence/status").stringValue())
			.isEqualTo("dropped");
		deferno.verify(1, getRequestedFor(urlEqualTo("/api/items/" + ID)));
	}

	/** The task the lookup answered is the task the checks read: not read again. */
	@Test
	void updateItemWhenTheTaskIsCheckedThenTheLookupsAnswerIsReadNotTheTaskAgain() {
		ObjectNode task = DefernoRecords.record("task", ID, 7);
		task.put("complete_by", "2026-06-10T12:00:00Z");
		stub(get("/api/items/by-seq/7").willReturn(data(task.toString())));
		stub(get("/api/items/" + ID).willReturn(data(task.toString())));
		stub(patch(urlEqualTo("/api/tasks/" + ID)).willReturn(data("{\"id\":\"" + ID + "\"}")));

		ok("update_item", Map.of("ref", "#7", "title", "Renamed", "time_of_day", "08:15"));
		ok("update_item", Map.of("ref", ID, "title", "Renamed again"));
		deferno.verify(patchRequestedFor(urlEqualTo("/api/tasks/" + ID))
			.withRequestBody(equalToJson("{\"title\":\"Renamed\",\"deadline_time_of_day\":\"08:15\"}")));
		assertThat(deferno.getAllServeEvents()).hasSize(4);

		// a recurring one is refused from the same answer
		task.put("series_id", "s-1");
		stub(get("/api/items/by-seq/8").willReturn(data(task.toString())));
		assertThat(error("update_item", Map.of("ref", "#8", "title", "New"))).contains("This is a recurring task");
		deferno.verify(exactly(0), getRequestedFor(urlEqualTo("/api/tasks/" + ID)));
		deferno.verify(2, patchRequestedFor(anyUrl()));
	}

	/**
	 * An end that moves with the start is moved from the event as read just before the
	 * write: the person changed the end after the lookup answered (10:00 there, 10:30
	 * read), and an end moved from the lookup's would have replaced that change. Every
	 * other check reads the lookup's answer.
	 */
	@Test
	void updateItemWhenAnEventsDayMovesThenItsEndMovesFromTheEventReadJustBeforeTheWrite() {
		ObjectNode event = DefernoRecords.record("event", ID, 9);
		event.put("complete_by", "2026-12-10T09:00:00Z").put("end_time", "2026-12-10T10:00:00Z");
		stub(get("/api/items/by-seq/9").willReturn(data(event.toString())));
		ObjectNode changed = event.deepCopy().put("end_time", "2026-12-10T10:30:00Z");
		stub(get("/api/events/" + ID).willReturn(data(changed.toString())));
		stub(get("/api/auth/me/settings").willReturn(data("{\"time_zone\":null}")));
		stub(patch(urlEqualTo("/api/events/" + ID)).willReturn(data("{\"id\":\"" + ID + "\"}")));

		ok("update_item", Map.of("ref", "#9", "complete_by", "2026-12-11T09:00:00Z"));
		deferno.verify(patchRequestedFor(urlEqualTo("/api/events/" + ID)).withRequestBody(
				equalToJson("{\"complete_by\":\"2026-12-11T09:00:00Z\",\"end_time\":\"2026-12-11T10:30:00Z\"}")));
		// the zone first, then the event, then the write: nothing between the read and it
		List<String> order = deferno.getAllServeEvents()
			.reversed()
			.stream()
			.map((served) -> served.getRequest().getMethod() + " " + served.getRequest().getUrl())
			.toList();
		assertThat(order).containsExactly("GET /api/items/by-seq/9", "GET /api/auth/me/settings",
				"GET /api/events/" + ID, "PATCH /api/events/" + ID);

		assertThat(error("update_item", Map.of("ref", "#9", "end_time", "2026-12-10T08:00:00Z")))
			.contains("is before the event starts at complete_by");
		deferno.verify(1, getRequestedFor(urlEqualTo("/api/events/" + ID)));
	}

	/**
	 * A recurring item's complete_by is its series' first day: a day's agenda is the
	 * calendar's, which list_items' description points to.
	 */
	@Test
	void listItemsWhenListedThenSaysDateFiltersMatchCompleteByAndPointsToTheCalendar() {
		assertThat(listed("list_items").description())
			.contains("a Chore's, Habit's or recurring Event's complete_by is its series' first day")
			.contains("use get_items_calendar");
	}

	/**
	 * An Event starts at complete_by, which Deferno checks its end against: a new day
	 * whose clock in the user's zone is not the start time (sent with it, else the
	 * event's) is refused before any write, naming both and the zone.
	 */
	@Test
	void updateItemWhenAnEventsNewDayIsNotAtItsStartTimeInTheUsersZoneThenRefusedBeforeAnyWrite() {
		ObjectNode event = DefernoRecords.record("event", ID, 9);
		event.put("complete_by", "2026-12-10T09:00:00+09:00").put("start_time_of_day", "09:00");
		stub(get("/api/items/by-seq/9").willReturn(data(event.toString())));
		stub(get("/api/auth/me/settings").willReturn(data("{\"time_zone\":\"Asia/Tokyo\"}")));
		stub(patch(urlEqualTo("/api/events/" + ID)).willReturn(data("{\"id\":\"" + ID + "\"}")));

		assertThat(error("update_item",
				Map.of("ref", "#9", "complete_by", "2026-12-11T09:00:00Z", "time_of_day", "09:00")))
			.contains("complete_by 2026-12-11T09:00:00Z is 18:00 in Asia/Tokyo (the user's time zone) and "
					+ "time_of_day is 09:00")
			.contains("Send complete_by 2026-12-11T09:00:00+09:00 to start at 09:00");
		assertThat(error("update_item", Map.of("ref", "#9", "complete_by", "2026-12-11T09:00:00Z")))
			.contains("is 18:00 in Asia/Tokyo (the user's time zone) and the event's start time "
					+ "(its start_time_of_day; send time_of_day to change it) is 09:00");
		deferno.verify(exactly(0), patchRequestedFor(anyUrl()));

		ok("update_item", Map.of("ref", "#9", "complete_by", "2026-12-11T00:00:00Z"));
		deferno.verify(patchRequestedFor(urlEqualTo("/api/events/" + ID))
			.withRequestBody(equalToJson("{\"complete_by\":\"2026-12-11T00:00:00Z\"}")));
	}

	/**
	 * A new start time alone moves complete_by to it on the same day, with an end or
	 * without, so the two never disagree; and an end is checked against complete_by, as
	 * Deferno checks it: the probe's event stored before this check (complete_by 18:00 in
	 * Tokyo, start time 09:00) had an end of 10:00 let through, then refused by Deferno.
	 */
	@Test
	void updateItemWhenAnEventsStartTimeAloneOrAnEndIsSentThenCompleteByMovesWithItAndTheEndIsCheckedAgainstIt() {
		ObjectNode event = DefernoRecords.record("event", ID, 9);
		event.put("complete_by", "2026-12-10T09:00:00Z").put("start_time_of_day", "09:00");
		stub(get("/api/items/by-seq/9").willReturn(data(event.toString())));
		stub(get("/api/auth/me/settings").willReturn(data("{\"time_zone\":\"Asia/Tokyo\"}")));
		stub(patch(urlEqualTo("/api/events/" + ID)).willReturn(data("{\"id\":\"" + ID + "\"}")));

		assertThat(error("update_item", Map.of("ref", "#9", "end_time", "2026-12-10T01:00:00Z")))
			.contains("end_time 2026-12-10T01:00:00Z is before the event starts at complete_by "
					+ "2026-12-10T09:00:00Z (18:00 in Asia/Tokyo), the instant Deferno checks the end against")
			.contains("This event's start time (start_time_of_day) is 09:00, not complete_by's clock: to start it "
					+ "at 09:00, send complete_by 2026-12-10T09:00:00+09:00 with the end.");
		deferno.verify(exactly(0), patchRequestedFor(anyUrl()));
		ok("update_item",
				Map.of("ref", "#9", "complete_by", "2026-12-10T09:00:00+09:00", "end_time", "2026-12-10T01:00:00Z"));

		// no end: the day moves to the new start time
		ok("update_item", Map.of("ref", "#9", "time_of_day", "10:00"));
		deferno.verify(patchRequestedFor(urlEqualTo("/api/events/" + ID)).withRequestBody(
				equalToJson("{\"start_time_of_day\":\"10:00\",\"complete_by\":\"2026-12-10T01:00:00Z\"}")));
		// with an end: the day moves too, and the end is checked against it
		ok("update_item", Map.of("ref", "#9", "time_of_day", "11:00", "end_time", "2026-12-10T03:00:00Z"));
		deferno.verify(patchRequestedFor(urlEqualTo("/api/events/" + ID)).withRequestBody(equalToJson(
				"{\"start_time_of_day\":\"11:00\",\"end_time\":\"2026-12-10T03:00:00Z\",\"complete_by\":\"2026-12-10T02:00:00Z\"}")));
		assertThat(
				error("update_item", Map.of("ref", "#9", "time_of_day", "11:00", "end_time", "2026-12-10T01:30:00Z")))
			.contains("is before the event starts at complete_by 2026-12-10T02:00:00Z (11:00 in Asia/Tokyo)");
	}

	/**
	 * The lookup's answer tells when the end stays (no end, or a start that does not
	 * move): then nothing is read again, nor the zone when there is no end.
	 */
	@Test
	void updateItemWhenAnEventsEndStaysThenTheEventIsNotReadAgain() {
		ObjectNode event = DefernoRecords.record("event", ID, 9);
		event.put("complete_by", "2026-12-10T09:00:00Z");
		stub(get("/api/items/by-seq/9").willReturn(data(event.toString())));
		ObjectNode ending = event.deepCopy().put("end_time", "2026-12-10T10:00:00Z");
		stub(get("/api/items/by-seq/10").willReturn(data(ending.toString())));
		stub(get("/api/auth/me/settings").willReturn(data("{\"time_zone\":null}")));
		stub(patch(urlEqualTo("/api/events/" + ID)).willReturn(data("{\"id\":\"" + ID + "\"}")));

		ok("update_item", Map.of("ref", "#9", "complete_by", "2026-12-11T09:00:00Z"));
		deferno.verify(patchRequestedFor(urlEqualTo("/api/events/" + ID))
			.withRequestBody(equalToJson("{\"complete_by\":\"2026-12-11T09:00:00Z\"}")));
		assertThat(deferno.getAllServeEvents()).hasSize(2);

		deferno.resetRequests();
		ok("update_item", Map.of("ref", "#10", "complete_by", "2026-12-10T09:00:00Z"));
		deferno.verify(patchRequestedFor(urlEqualTo("/api/events/" + ID))
			.withRequestBody(equalToJson("{\"complete_by\":\"2026-12-10T09:00:00Z\"}")));
		deferno.verify(exactly(0), getRequestedFor(urlEqualTo("/api/events/" + ID)));
		assertThat(deferno.getAllServeEvents()).hasSize(3);
	}

	/**
	 * The person changes the end between the gateway's read of the event and its write:
	 * the write stands (Deferno has no conditional write), and the history, which grew by
	 * their entry and the write's, tells the agent what may have been replaced.
	 */
	@Test
	void updateItemWhenTheHistoryGrewByMoreThanTheWriteBetweenTheReadAndTheWriteThenANoteSaysWhatMayBeReplaced() {
		ObjectNode event = DefernoRecords.record("event", ID, 9);
		event.put("complete_by", "2026-12-10T09:00:00Z")
			.put("start_time_of_day", "09:00")
			.put("end_time", "2026-12-10T10:00:00Z");
		stub(get("/api/items/by-seq/9").willReturn(data(event.toString())));
		stub(get("/api/events/" + ID).willReturn(data(event.toString())));
		stub(get("/api/auth/me/settings").willReturn(data("{\"time_zone\":null}")));
		ObjectNode stored = event.deepCopy()
			.put("kind", "Event")
			.put("complete_by", "2026-12-11T09:00:00Z")
			.put("end_time", "2026-12-11T10:00:00Z");
		stored.withArray("actions").addObject().put("at", "2026-12-07T10:00:00.120Z").put("kind", "Edited");
		stored.withArray("actions").addObject().put("at", "2026-12-07T10:00:00.150Z").put("kind", "Edited");
		stub(patch(urlEqualTo("/api/events/" + ID)).willReturn(data(stored.toString())));

		CallToolResult result = call("update_item", Map.of("ref", "#9", "complete_by", "2026-12-11T09:00:00Z"));

		assertThat(result.isError()).isFalse();
		JsonNode answer = parse(text(result));
		assertThat(answer.get("end_time").stringValue()).isEqualTo("2026-12-11T10:00:00Z");
		assertThat(answer.get("note").stringValue()).startsWith(
				"Another change reached this event between this update's read of it and its write: Deferno's history "
						+ "gained 2 entries (Edited at 2026-12-07T10:00:00.120Z, Edited at 2026-12-07T10:00:00.150Z) "
						+ "where this write adds one, and names neither the fields changed nor who changed them.")
			.contains("moved the end with the start from the times it read (complete_by 2026-12-10T09:00:00Z, "
					+ "start_time_of_day 09:00, end_time 2026-12-10T10:00:00Z); now stored: complete_by "
					+ "2026-12-11T09:00:00Z, start_time_of_day 09:00, end_time 2026-12-11T10:00:00Z")
			.endsWith("If the other change set the end, it was replaced: check the event's times with the user, and "
					+ "if they differ set them with update_item (end_time).");

		// a new clock time alone moves the day too: both are named
		stub(get("/api/items/by-seq/10").willReturn(data(event.toString())));
		stored.put("start_time_of_day", (String) null);
		stub(patch(urlEqualTo("/api/events/" + ID)).willReturn(data(stored.toString())));
		assertThat(ok("update_item", Map.of("ref", "#10", "time_of_day", "15:00")).get("note").stringValue())
			.contains("moved the day and end with the start")
			.contains("start_time_of_day none")
			.contains("If the other change set the day or end, it was replaced")
			.endsWith("set them with update_item (complete_by, time_of_day, end_time).");

		// entries alike (of one instant) count one each: the read's, the person's and
		// the write's
		event.withArray("actions").addObject().put("at", "2026-12-07T10:00:00Z").put("kind", "Edited");
		stub(get("/api/items/by-seq/11").willReturn(data(event.toString())));
		stub(get("/api/events/" + ID).willReturn(data(event.toString())));
		ObjectNode alike = event.deepCopy()
			.put("complete_by", "2026-12-11T09:00:00Z")
			.put("end_time", "2026-12-11T10:00:00Z");
		alike.withArray("actions").addObject().put("at", "2026-12-07T10:00:00Z").put("kind", "Edited");
		alike.withArray("actions").addObject().put("at", "2026-12-07T10:00:00Z").put("kind", "Edited");
		stub(patch(urlEqualTo("/api/events/" + ID)).willReturn(data(alike.toString())));
		assertThat(ok("update_item", Map.of("ref", "#11", "complete_by", "2026-12-11T09:00:00Z")).get("note")
			.stringValue())
			.contains("gained 2 entries (Edited at 2026-12-07T10:00:00Z, Edited at 2026-12-07T10:00:00Z)");
	}

	/**
	 * Only a history that grew by more than the write's own entry is told, and only when
	 * both the read and the answer carry one: nothing is guessed.
	 */
	@Test
	void updateItemWhenTheHistoryGrewByTheWriteAloneOrIsNotAnsweredThenNoNote() {
		ObjectNode event = DefernoRecords.record("event", ID, 9);
		event.put("complete_by", "2026-12-10T09:00:00Z").put("end_time", "2026-12-10T10:00:00Z");
		stub(get("/api/items/by-seq/9").willReturn(data(event.toString())));
		stub(get("/api/auth/me/settings").willReturn(data("{\"time_zone\":null}")));
		ObjectNode stored = event.deepCopy().put("end_time", "2026-12-11T10:00:00Z");
		// two entries of one instant: the read's and the write's
		event.withArray("actions").addObject().put("at", "2026-12-07T10:00:00Z").put("kind", "Edited");
		stored.withArray("actions").addObject().put("at", "2026-12-07T10:00:00Z").put("kind", "Edited");
		stored.withArray("actions").addObject().put("at", "2026-12-07T10:00:00Z").put("kind", "Edited");
		stub(get("/api/events/" + ID).willReturn(data(event.toString())));
		stub(patch(urlEqualTo("/api/events/" + ID)).willReturn(data(stored.toString())));
		assertThat(ok("update_item", Map.of("ref", "#9", "complete_by", "2026-12-11T09:00:00Z")).has("note")).isFalse();

		stored.remove("actions");
		stub(patch(urlEqualTo("/api/events/" + ID)).willReturn(data(stored.toString())));
		assertThat(ok("update_item", Map.of("ref", "#9", "complete_by", "2026-12-11T09:00:00Z")).has("note")).isFalse();
	}

	/**
	 * Each item beneath a task is read once, a level's items a few at once: a level of
	 * eight slow reads takes about two reads' time, not eight.
	 */
	@Test
	void deleteItemWhenATaskHasADeepAndWideTreeThenEachItemReadOnceAndALevelsItemsAtOnce() {
		ObjectNode root = DefernoRecords.record("task", ID, 1);
		List<String> wide = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			wide.add(String.format("00000000-0000-0000-0001-%012d", i));
		}
		wide.forEach(root.putArray("children")::add);
		stub(get("/api/items/by-seq/1").willReturn(data(root.toString())));
		// eight children, slow to read, the last one the top of a chain twelve deep
		for (int i = 0; i < 8; i++) {
			ObjectNode child = DefernoRecords.record("task", wide.get(i), 100 + i);
			if (i == 7) {
				child.putArray("children").add(chain(0));
			}
			stub(get("/api/items/" + wide.get(i)).willReturn(data(child.toString()).withFixedDelay(400)));
		}
		for (int depth = 0; depth < 12; depth++) {
			ObjectNode link = DefernoRecords.record("task", chain(depth), 200 + depth);
			if (depth < 11) {
				link.putArray("children").add(chain(depth + 1));
			}
			stub(get("/api/items/" + chain(depth)).willReturn(data(link.toString())));
		}
		stub(delete("/api/tasks/" + ID).willReturn(noContent()));

		long started = System.nanoTime();
		assertThat(ok("delete_item", Map.of("ref", "#1")).get("deleted").booleanValue()).isTrue();
		// one after the other, the eight alone took 3.2 s
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2400));
		for (String child : wide) {
			deferno.verify(1, getRequestedFor(urlEqualTo("/api/items/" + child)));
		}
		for (int depth = 0; depth < 12; depth++) {
			deferno.verify(1, getRequestedFor(urlEqualTo("/api/items/" + chain(depth))));
		}
		// the lookup, twenty items beneath, the delete
		assertThat(deferno.getAllServeEvents()).hasSize(22);
	}

	private static String chain(int depth) {
		return String.format("00000000-0000-0000-0002-%012d", depth);
	}

}
