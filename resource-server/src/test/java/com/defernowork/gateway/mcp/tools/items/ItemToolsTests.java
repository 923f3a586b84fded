package com.defernowork.gateway.mcp.tools.items;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.defernowork.gateway.mcp.support.McpToolTestSupport;

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
import static org.assertj.core.api.Assertions.assertThat;

class ItemToolsTests extends McpToolTestSupport {

	static final String ID = "11111111-2222-3333-4444-555555555555";

	static final String FULL_ITEM = """
			{"kind":"task","type":"task","id":"11111111-2222-3333-4444-555555555555","ref":"u-1y0e2v-123","sequence":123,\
			"org_slug":"u-1y0e2v","title":"Write the classifier","status":"active","labels":["mcp"],"pinned":false,\
			"parent_id":null,"complete_by":"2026-06-10T00:00:00Z","date_created":"2026-06-01T00:00:00Z",\
			"description":"the body","actions":[{"kind":"created"}],"comments":[{"body":"hi"}],"children":[{"id":"child"}],\
			"mood_start":[0.1,0.2],"attachments":[{"url":"x"}]}""";

	static final String LIST_ROW = """
			{"kind":"task","type":"task","id":"11111111-2222-3333-4444-555555555555","ref":"u-1y0e2v-123","sequence":123,\
			"org_slug":"u-1y0e2v","title":"Write the classifier","status":"open","complete_by":"2026-06-10T00:00:00Z",\
			"parent_id":null,"labels":["mcp"],"description":"the body"}""";

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
			.isEqualTo("Deferno API error 404 [not_found]: item not found");
	}

	@Test
	void getItemWhenUnroutableRefThenErrorWithoutHttp() {
		assertThat(error("get_item", Map.of("item", "ABC-223")))
			.startsWith("get_item: item: identifier 'ABC-223' is " + "not an auto-routable Ref input form");
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	@Test
	void listItemsWhenAllFiltersThenExactODataQueryAndCompactRows() {
		String filter = "$filter=kind%20eq%20%27task%27%20and%20status%20eq%20%27open%27%20and%20complete_by%20ge%20"
				+ "2026-06-01T00%3A00%3A00Z%20and%20complete_by%20le%202026-06-30T23%3A59%3A59.999Z";
		stub(get(urlEqualTo("/api/items?" + SELECT + "&" + filter + "&$top=50&window=all"))
			.willReturn(data("[" + LIST_ROW + "]")));
		Map<String, Object> args = Map.of("kind", "task", "status", "open", "from_date", "2026-06-01", "to_date",
				"2026-06-30", "limit", 50, "window", "all");
		JsonNode rows = ok("list_items", args);
		assertThat(rows.get(0).toString()).isEqualTo("""
				{"kind":"task","type":"task","ref":"u-1y0e2v-123","org_slug":"u-1y0e2v","sequence":123,\
				"title":"Write the classifier","status":"open","complete_by":"2026-06-10T00:00:00Z","parent_id":null,\
				"labels":["mcp"]}""");
		assertThat(call("list_items", args).structuredContent()).isInstanceOf(Map.class);
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
		stub(get(urlEqualTo(
				"/api/tasks/search?q=write+the+classifier&status=open&label=mcp&from=2026-06-01&to=2026-06-30"
						+ "&parent_id=" + ID))
			.willReturn(data("[" + LIST_ROW + "]")));
		JsonNode rows = ok("search_items", Map.of("query", "write the classifier", "status", "open", "label", "mcp",
				"from_date", "2026-06-01", "to_date", "2026-06-30", "parent_id", "#7"));
		assertThat(rows.get(0).has("description")).isFalse();
		assertThat(error("search_items", Map.of("query", "a"))).contains("at least 2");
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
		stub(post("/api/items/" + ID + "/convert").willReturn(data(201,
				"{\"kind\":\"chore\",\"id\":\"" + ID + "\",\"today_occurrence\":{\"status\":\"DoneOnTime\"}}")));
		assertThat(ok("convert_item",
				Map.of("item_id", ID, "to", "chore", "complete_by", "2026-06-01T09:00:00Z", "recurrence",
						Map.of("type", "daily")))
			.at("/today_occurrence/status")
			.stringValue()).isEqualTo("done_on_time");
	}

	@Test
	void updateItemWhenTaskOnlyFieldOnChoreThenRefusedWithoutWrite() {
		stub(get("/api/items/by-seq/5").willReturn(data(envelopeItem("chore", ID))));
		assertThat(error("update_item", Map.of("ref", "#5", "status", "done", "desire", 0.3)))
			.isEqualTo("update_item: desire, status apply only to a Task (this is a chore); use the occurrence tools "
					+ "to act on a recurring occurrence");
		assertThat(error("update_item", Map.of("ref", "#5", "end_time", "2026-06-01T10:00:00Z")))
			.contains("end_time applies only to an Event (this is a chore)");
		deferno.verify(exactly(0), patchRequestedFor(anyUrl()));
	}

	@Test
	void updateItemWhenRecurringTaskWithoutScopeThenAsksForScope() {
		stub(get("/api/items/" + ID).willReturn(data(envelopeItem("task", ID))));
		stub(get("/api/tasks/" + ID).willReturn(data("{\"id\":\"" + ID + "\",\"series_id\":\"s-1\"}")));
		assertThat(error("update_item", Map.of("ref", ID, "title", "New"))).contains("This is a recurring task")
			.contains("recurring_scope");
		deferno.verify(exactly(0), patchRequestedFor(anyUrl()));
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
	void deleteItemWhenTaskWithSubtasksThenSaysTheSubtreeWentToo() {
		stub(get("/api/items/by-seq/7").willReturn(data("{\"kind\":\"task\",\"id\":\"" + ID
				+ "\",\"children\":[\"00000000-0000-0000-0000-000000000001\",\"00000000-0000-0000-0000-000000000002\"]}")));
		stub(delete("/api/tasks/" + ID).willReturn(noContent()));
		JsonNode result = ok("delete_item", Map.of("ref", "#7"));
		assertThat(result.get("deleted").booleanValue()).isTrue();
		assertThat(result.get("direct_subtasks_deleted").intValue()).isEqualTo(2);
		assertThat(result.get("note").stringValue()).contains("whole subtree: its 2 direct subtasks and all of theirs");
		deferno.verify(1, getRequestedFor(urlEqualTo("/api/items/by-seq/7")));
	}

	@Test
	void deleteItemWhenUnroutableThenNoWrite() {
		assertThat(error("delete_item", Map.of("ref", "not a ref"))).contains("not an auto-routable");
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	@Test
	void moveItemWhenNoParentThenNullParentAndPosition() {
		stub(post("/api/items/" + ID + "/move").willReturn(data("{\"kind\":\"task\",\"id\":\"" + ID + "\"}")));
		ok("move_item", Map.of("item_id", ID, "position", 0));
		deferno.verify(postRequestedFor(urlEqualTo("/api/items/" + ID + "/move"))
			.withRequestBody(equalToJson("{\"new_parent_id\":null,\"position\":0}")));
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
		stub(post("/api/items/" + ID + "/convert").willReturn(data(201, "{\"id\":\"" + ID + "\",\"kind\":\"Chore\"}")));
		JsonNode result = ok("convert_item", Map.of("item_id", ID, "to", "chore", "complete_by", "2026-06-01T09:00:00Z",
				"recurrence", Map.of("type", "daily")));
		assertThat(result.get("kind").stringValue()).isEqualTo("Chore");
		deferno.verify(postRequestedFor(urlEqualTo("/api/items/" + ID + "/convert")).withRequestBody(equalToJson(
				"{\"to\":\"chore\",\"complete_by\":\"2026-06-01T09:00:00Z\",\"recurrence\":{\"type\":\"daily\"}}")));
		assertThat(error("convert_item", Map.of("item_id", ID, "to", "habit"))).contains("requires complete_by");
	}

	@Test
	void convertItemAndUpdateItemWhenListedThenDestructive() {
		assertThat(listed("convert_item").annotations().destructiveHint()).isTrue();
		assertThat(listed("update_item").annotations().destructiveHint()).isTrue();
	}

}
