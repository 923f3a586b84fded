package com.defernowork.gateway.mcp.tools.tasks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import com.defernowork.gateway.mcp.support.DefernoRecords;
import com.defernowork.gateway.mcp.support.McpToolTestSupport;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static org.assertj.core.api.Assertions.assertThat;

class TaskToolsTests extends McpToolTestSupport {

	static final String ID = "00000000-0000-0000-0000-000000000001";

	static final String PARENT = "00000000-0000-0000-0000-000000000002";

	@Test
	void batchTasksWhenRefsThenTaskAndParentResolvedAndFieldsKept() {
		stub(get("/api/items/by-seq/1").willReturn(data("{\"kind\":\"task\",\"id\":\"" + ID + "\"}")));
		stub(get("/api/items/by-ref/acme-2").willReturn(data("{\"kind\":\"task\",\"id\":\"" + PARENT + "\"}")));
		stub(post("/api/tasks/batch").willReturn(data("{\"tasks\":[{\"id\":\"" + ID + "\"}]}")));
		Map<String, Object> move = new HashMap<>();
		move.put("op", "move");
		move.put("task_id", "#1");
		move.put("new_parent_id", "acme-2");
		Map<String, Object> detach = new HashMap<>();
		detach.put("op", "move");
		detach.put("task_id", "acme-2");
		detach.put("new_parent_id", null);
		List<Object> operations = List.of(Map.of("op", "update", "task_id", "#1", "status", "done"), move, detach);
		assertThat(ok("batch_tasks", Map.of("operations", operations)).at("/tasks/0/id").stringValue()).isEqualTo(ID);
		deferno.verify(postRequestedFor(urlEqualTo("/api/tasks/batch"))
			.withRequestBody(equalToJson("{\"operations\":[" + "{\"op\":\"update\",\"task_id\":\"" + ID
					+ "\",\"status\":\"done\"}," + "{\"op\":\"move\",\"task_id\":\"" + ID + "\",\"new_parent_id\":\""
					+ PARENT + "\"}," + "{\"op\":\"move\",\"task_id\":\"" + PARENT + "\",\"new_parent_id\":null}]}")));
	}

	@Test
	void batchTasksWhenTwoOperationsOfAKindNameOneTaskThenRefusedWithoutWrite() {
		stub(get("/api/items/by-seq/1").willReturn(data("{\"kind\":\"task\",\"id\":\"" + ID + "\"}")));
		stub(get("/api/items/by-ref/acme-1").willReturn(data("{\"kind\":\"task\",\"id\":\"" + ID + "\"}")));
		stub(get("/api/tasks/" + ID).willReturn(data("{\"id\":\"" + ID + "\"}")));
		stub(get("/api/items/by-ref/acme-2").willReturn(data("{\"kind\":\"task\",\"id\":\"" + PARENT + "\"}")));
		// two refs of one task: the later would silently undo the earlier's title
		assertThat(error("batch_tasks",
				operations(Map.of("op", "update", "task_id", "acme-1", "title", "first"),
						Map.of("op", "update", "task_id", "#1", "title", "second"))))
			.contains("operations[1] updates the same task as operations[0]: put its changes in one update",
					"Nothing was changed");
		assertThat(error("batch_tasks",
				operations(Map.of("op", "move", "task_id", "#1", "new_parent_id", "acme-2", "position", 0),
						Map.of("op", "move", "task_id", "acme-1", "new_parent_id", "acme-2", "position", 1))))
			.contains("operations[1] moves the same task as operations[0]");
		deferno.verify(exactly(0), postRequestedFor(anyUrl()));
	}

	/** Each blocker costs a lookup unless it is a UUID: bounded for the whole batch. */
	@Test
	void batchTasksWhenTheOperationsNameMoreThanAHundredBlockersInAllThenRefusedBeforeAnyCall() {
		List<Map<String, Object>> blockers = java.util.stream.IntStream.range(0, 60)
			.mapToObj((i) -> Map.<String, Object>of("item", "#" + (100 + i)))
			.toList();
		assertThat(error("batch_tasks",
				operations(Map.of("op", "update", "task_id", "#1", "blocked_by", blockers),
						Map.of("op", "update", "task_id", "#2", "blocked_by", blockers))))
			.contains("operations name 120 blocked_by entries in all; a batch takes at most 100: split it. "
					+ "Nothing was changed");
		deferno.verify(exactly(0), getRequestedFor(anyUrl()));
		deferno.verify(exactly(0), postRequestedFor(anyUrl()));
	}

	@Test
	void taskToolsWhenTheRefIsAnotherKindThenRefusedNamingItsKindWithoutWrite() {
		stub(get("/api/items/by-seq/7").willReturn(data("{\"kind\":\"chore\",\"id\":\"" + ID + "\"}")));
		assertThat(error("batch_tasks",
				Map.of("operations", List.of(Map.of("op", "update", "task_id", "#7", "title", "x")))))
			.contains("operations[0].task_id #7 is a chore, not a task: batch_tasks changes Tasks only");
		assertThat(error("batch_tasks",
				Map.of("operations", List.of(Map.of("op", "move", "task_id", "#7", "new_parent_id", "#7")))))
			.contains("operations[0].task_id #7 is a chore, not a task");
		assertThat(error("promote_task", Map.of("task_id", "#7", "target_org_id", "acme")))
			.contains("target_org_id must be the organisation's UUID, not its name or slug")
			.contains("ask the user for it");
		assertThat(error("promote_task", Map.of("task_id", "#7", "target_org_id", ID)))
			.contains("task_id #7 is a chore, not a task: promote_task moves Tasks only");
		deferno.verify(exactly(0), postRequestedFor(anyUrl()));
	}

	@Test
	void promoteTaskWhenTheLookupNamesNoKindThenLeftToDeferno() {
		stub(get("/api/items/by-seq/8").willReturn(data("{\"id\":\"" + ID + "\"}")));
		stub(post("/api/tasks/" + ID + "/promote").willReturn(data("{\"id\":\"" + ID + "\"}")));
		stub(get("/api/items/by-seq/9").willReturn(data("{\"kind\":\"event\",\"id\":\"" + ID + "\"}")));

		ok("promote_task", Map.of("task_id", "#8", "target_org_id", ID));
		assertThat(error("promote_task", Map.of("task_id", "#9", "target_org_id", ID)))
			.contains("task_id #9 is an event, not a task");
		deferno.verify(1, postRequestedFor(urlEqualTo("/api/tasks/" + ID + "/promote")));
	}

	@Test
	void batchTasksWhenAnyOperationBadThenNothingResolvedOrWritten() {
		assertThat(
				error("batch_tasks",
						Map.of("operations",
								List.of(Map.of("op", "update", "task_id", ID, "title", "x"),
										Map.of("op", "move", "task_id", "ABC-223", "new_parent_id", ID)))))
			.contains("ABC-223");
		assertThat(error("batch_tasks", Map.of("operations", List.of(Map.of("op", "split", "task_id", ID)))))
			.contains("op");
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	@Test
	void batchTasksWhenAFieldIsUnknownOrBelongsToTheOtherOperationThenRefusedNamingItWithoutHttp() {
		assertThat(error("batch_tasks", operations(Map.of("op", "update", "task_id", "#5", "titel", "Renamed"))))
			.contains("operations[0]: unknown field 'titel' (operations[0] takes: op, task_id, title, description");
		assertThat(error("batch_tasks",
				operations(Map.of("op", "update", "task_id", "#5", "new_parent_id", "#1", "position", 0))))
			.contains("operations[0]: unknown field 'new_parent_id'");
		Map<String, Object> moveWithTitle = new HashMap<>();
		moveWithTitle.put("op", "move");
		moveWithTitle.put("task_id", "#5");
		moveWithTitle.put("new_parent_id", null);
		moveWithTitle.put("title", "x");
		assertThat(error("batch_tasks", operations(moveWithTitle))).contains(
				"operations[0]: unknown field 'title' (operations[0] takes: op, task_id, new_parent_id, position)");
		assertThat(error("batch_tasks",
				operations(Map.of("op", "update", "task_id", "#5", "end_time", "2026-12-10T10:00:00Z"))))
			.contains("unknown field 'end_time'");
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	@Test
	void batchTasksWhenAnUpdateBreaksUpdateItemsRulesThenRefusedWithoutHttp() {
		assertThat(error("batch_tasks", operations(Map.of("op", "update", "task_id", "#5", "title", "x".repeat(5000)))))
			.contains("operations[0].title: must be at most 1,000 characters long");
		assertThat(
				error("batch_tasks", operations(Map.of("op", "update", "task_id", "#5", "complete_by", "2026-12-12"))))
			.contains("operations[0].complete_by must be an ISO-8601 date-time");
		assertThat(error("batch_tasks", operations(Map.of("op", "update", "task_id", "#5", "labels", List.of(" ")))))
			.contains("operations[0].labels[0] must have at least one visible character");
		assertThat(error("batch_tasks",
				operations(Map.of("op", "update", "task_id", "#5", "blocked_by", List.of(Map.of("item", "ABC-223"))))))
			.contains("operations[0].blocked_by[0].item");
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	@Test
	void batchTasksWhenBlockedByRefsThenResolvedAsUpdateItemResolvesThem() {
		stub(get("/api/items/by-seq/1").willReturn(data("{\"kind\":\"task\",\"id\":\"" + ID + "\"}")));
		stub(get("/api/items/by-ref/acme-2").willReturn(data("{\"kind\":\"chore\",\"id\":\"" + PARENT + "\"}")));
		stub(post("/api/tasks/batch").willReturn(data("{\"tasks\":[]}")));
		ok("batch_tasks", operations(Map.of("op", "update", "task_id", "#1", "blocked_by",
				List.of(Map.of("item", "acme-2", "occurrence", "2026-06-01")))));
		deferno.verify(postRequestedFor(urlEqualTo("/api/tasks/batch"))
			.withRequestBody(equalToJson("{\"operations\":[{\"op\":\"update\",\"task_id\":\"" + ID
					+ "\",\"blocked_by\":[{\"item\":\"" + PARENT + "\",\"occurrence\":\"2026-06-01\"}]}]}")));
	}

	@Test
	void batchTasksWhenPositionIsWrittenWithAFractionThenTakenAndSentAsAnInteger() {
		stub(post("/api/tasks/batch").willReturn(data("{\"tasks\":[]}")));
		Map<String, Object> move = new HashMap<>();
		move.put("op", "move");
		move.put("task_id", ID);
		move.put("new_parent_id", PARENT);
		move.put("position", 1.0);
		ok("batch_tasks", operations(move));
		deferno.verify(postRequestedFor(urlEqualTo("/api/tasks/batch"))
			.withRequestBody(equalToJson("{\"operations\":[{\"op\":\"move\",\"task_id\":\"" + ID
					+ "\",\"new_parent_id\":\"" + PARENT + "\",\"position\":1}]}")));
	}

	@Test
	void batchTasksWhenAnUpdateWouldReachEveryInstanceOfARecurringTaskThenRefusedWithoutWrite() {
		stub(get("/api/tasks/" + ID).willReturn(data("{\"id\":\"" + ID + "\",\"series_id\":\"s-1\"}")));
		assertThat(error("batch_tasks", operations(Map.of("op", "update", "task_id", ID, "title", "Renamed"))))
			.contains("operations[0].task_id " + ID + " is a recurring task")
			.contains("update_item with recurring_scope");
		deferno.verify(exactly(0), postRequestedFor(anyUrl()));
	}

	@Test
	void batchTasksWhenAnUpdateSetsATimeOfDayThenSentAsTheTasksDeadlineTime() {
		stub(get("/api/tasks/" + ID)
			.willReturn(data("{\"id\":\"" + ID + "\",\"series_id\":null,\"complete_by\":\"2026-06-01T12:00:00Z\"}")));
		stub(post("/api/tasks/batch").willReturn(data("{\"tasks\":[{\"id\":\"" + ID + "\"}]}")));
		ok("batch_tasks", operations(Map.of("op", "update", "task_id", ID, "time_of_day", "08:15")));
		deferno.verify(postRequestedFor(urlEqualTo("/api/tasks/batch"))
			.withRequestBody(equalToJson("{\"operations\":[{\"op\":\"update\",\"task_id\":\"" + ID
					+ "\",\"deadline_time_of_day\":\"08:15\"}]}")));
	}

	@Test
	void batchTasksWhenAnUpdateSetsATimeOfDayOnATaskWithoutADayThenRefusedAsUpdateItemRefusesIt() {
		stub(get("/api/tasks/" + ID).willReturn(data("{\"id\":\"" + ID + "\",\"series_id\":null}")));
		assertThat(error("batch_tasks", operations(Map.of("op", "update", "task_id", ID, "time_of_day", "11:00"))))
			.isEqualTo("batch_tasks: operations[0].time_of_day is the clock time of complete_by's day: a Task "
					+ "without complete_by has no day for it; pass complete_by too, or leave time_of_day out");
		deferno.verify(exactly(0), postRequestedFor(anyUrl()));
	}

	@Test
	void batchTasksWhenAMoveNamesTheTaskAsItsOwnParentThenRefusedAsMoveItemRefusesIt() {
		stub(get("/api/items/by-seq/1").willReturn(data("{\"kind\":\"task\",\"id\":\"" + ID + "\"}")));
		assertThat(error("batch_tasks", operations(Map.of("op", "move", "task_id", "#1", "new_parent_id", ID))))
			.isEqualTo("batch_tasks: operations[0].new_parent_id names the item itself: an item cannot be its own "
					+ "parent");
		deferno.verify(exactly(0), postRequestedFor(anyUrl()));
	}

	@Test
	@SuppressWarnings("unchecked")
	void batchTasksWhenListedThenAnUpdateTakesUpdateItemsFieldsAsUpdateItemDeclaresThem() {
		Map<String, Map<?, ?>> schemas = new HashMap<>();
		this.mcp.listTools().tools().forEach((tool) -> schemas.put(tool.name(), tool.inputSchema()));
		Map<?, ?> updateItem = (Map<?, ?>) schemas.get("update_item").get("properties");
		Map<?, ?> items = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) schemas.get("batch_tasks").get("properties"))
			.get("operations")).get("items");
		Map<?, ?> update = (Map<?, ?>) ((Map<?, ?>) ((List<?>) items.get("allOf")).get(0)).get("then");
		Map<?, ?> fields = (Map<?, ?>) update.get("properties");
		List<String> taken = List.of("title", "description", "complete_by", "time_of_day", "labels", "status",
				"assignee", "productive", "desire", "blocked_by");
		assertThat(fields.keySet().stream().map(String::valueOf).toList()).isEqualTo(
				java.util.stream.Stream.concat(java.util.stream.Stream.of("op", "task_id"), taken.stream()).toList());
		for (String field : taken) {
			if (!field.equals("status")) {
				assertThat(fields.get(field)).as(field).isEqualTo(updateItem.get(field));
			}
		}
		// a batch changes Tasks only: their statuses, which update_item's also lists
		assertThat((List<Object>) ((Map<?, ?>) fields.get("status")).get("enum")).containsExactly("open", "in-progress",
				"in-review", "done", "dropped");
		assertThat((List<Object>) ((Map<?, ?>) updateItem.get("status")).get("enum")).containsSubsequence("open",
				"in-progress", "in-review", "done", "dropped");
	}

	@Test
	void batchTasksWhenMoreOperationsThanDefernoTakesThenRefusedBeforeAnyLookup() {
		stub(get("/api/items/by-seq/1").willReturn(data("{\"kind\":\"task\",\"id\":\"" + ID + "\"}")));
		List<Object> operations = java.util.Collections.nCopies(101,
				Map.of("op", "update", "task_id", "#1", "status", "done"));
		assertThat(error("batch_tasks", Map.of("operations", operations))).contains("operations").contains("100");
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	@SafeVarargs
	private static Map<String, Object> operations(Map<String, Object>... operations) {
		return Map.of("operations", List.of(operations));
	}

	@Test
	void promoteTaskWhenRefThenResolvedAndNullAnswerConfirmed() {
		String org = "00000000-0000-0000-0000-0000000000aa";
		stub(get("/api/items/by-seq/1").willReturn(data("{\"kind\":\"task\",\"id\":\"" + ID + "\"}")));
		stub(post("/api/tasks/" + ID + "/promote").willReturn(data("null")));
		// the item cannot be read back (404 here): promoted all the same, without its ref
		JsonNode unread = ok("promote_task", Map.of("task_id", "#1", "target_org_id", org));
		assertThat(unread.get("promoted").booleanValue()).isTrue();
		assertThat(unread.has("ref")).isFalse();
		deferno.verify(postRequestedFor(urlEqualTo("/api/tasks/" + ID + "/promote"))
			.withRequestBody(equalToJson("{\"target_org_id\":\"" + org + "\"}")));
		// its old ref no longer resolves: the answer names the new one
		stub(get("/api/items/" + ID).willReturn(data("{\"kind\":\"task\",\"id\":\"" + ID + "\",\"ref\":\"acme-4\"}")));
		assertThat(ok("promote_task", Map.of("task_id", "#1", "target_org_id", org)).get("ref").stringValue())
			.isEqualTo("acme-4");
	}

	/**
	 * A ref is looked up once however many operations name it, and a task's lookup is
	 * what the checks read of it: ten moves under one parent cost eleven lookups, not
	 * twenty.
	 */
	@Test
	void batchTasksWhenTenMovesNameOneParentThenTheParentIsLookedUpOnce() {
		stub(get("/api/items/by-seq/365").willReturn(data(DefernoRecords.record("task", PARENT, 365).toString())));
		List<Object> moves = new ArrayList<>();
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			String id = String.format("00000000-0000-0000-0001-%012d", i);
			ids.add(id);
			stub(get("/api/items/by-seq/" + (10 + i))
				.willReturn(data(DefernoRecords.record("task", id, 10 + i).toString())));
			moves.add(Map.of("op", "move", "task_id", "#" + (10 + i), "new_parent_id", "#365"));
		}
		stub(post("/api/tasks/batch").willReturn(data("{\"tasks\":[]}")));

		ok("batch_tasks", Map.of("operations", moves));

		deferno.verify(1, getRequestedFor(urlEqualTo("/api/items/by-seq/365")));
		assertThat(deferno.getAllServeEvents()).hasSize(12);
		String sent = deferno.findAll(postRequestedFor(urlEqualTo("/api/tasks/batch"))).get(0).getBodyAsString();
		List<String> order = new ArrayList<>();
		json.readTree(sent).get("operations").values().forEach((operation) -> {
			assertThat(operation.get("new_parent_id").stringValue()).isEqualTo(PARENT);
			order.add(operation.get("task_id").stringValue());
		});
		assertThat(order).as("the operations' own order").isEqualTo(ids);
	}

	@Test
	void batchTasksWhenAnUpdateIsCheckedAgainstItsTaskThenTheLookupsAnswerIsReadNotTheTaskAgain() {
		ObjectNode task = DefernoRecords.record("task", ID, 1);
		task.put("complete_by", "2026-06-01T12:00:00Z");
		ObjectNode recurring = DefernoRecords.record("task", PARENT, 2);
		recurring.put("series_id", "s-1");
		stub(get("/api/items/by-seq/1").willReturn(data(task.toString())));
		stub(get("/api/items/by-seq/2").willReturn(data(recurring.toString())));
		stub(post("/api/tasks/batch").willReturn(data("{\"tasks\":[]}")));

		ok("batch_tasks", operations(Map.of("op", "update", "task_id", "#1", "title", "x", "time_of_day", "08:15")));
		assertThat(error("batch_tasks", operations(Map.of("op", "update", "task_id", "#2", "title", "Renamed"))))
			.contains("operations[0].task_id #2 is a recurring task");
		deferno.verify(exactly(0), getRequestedFor(urlMatching("/api/tasks/.*")));
		deferno.verify(postRequestedFor(urlEqualTo("/api/tasks/batch"))
			.withRequestBody(equalToJson("{\"operations\":[{\"op\":\"update\",\"task_id\":\"" + ID
					+ "\",\"title\":\"x\",\"deadline_time_of_day\":\"08:15\"}]}")));
	}

	/**
	 * The operations are resolved a few at once, but a refusal is the one met first in
	 * their order, whichever answer came first: the slow unknown ref of operation 31 over
	 * a quick one of operation 35, and a repeat of operation 0 over both.
	 */
	@Test
	void batchTasksWhenSeveralOperationsFailThenTheFirstInTheirOrderIsNamedAndNothingWritten() {
		List<Object> operations = new ArrayList<>();
		for (int i = 0; i < TaskTools.MAX_OPERATIONS; i++) {
			String id = String.format("00000000-0000-0000-0001-%012d", i);
			stub(get("/api/items/by-seq/" + (100 + i))
				.willReturn(data(DefernoRecords.record("task", id, 100 + i).toString())));
			operations.add(Map.of("op", "update", "task_id", "#" + (100 + i), "status", "done"));
		}
		stub(get("/api/items/by-seq/131").willReturn(failure(404, "not_found", "item not found").withFixedDelay(300)));
		stub(get("/api/items/by-seq/135").willReturn(failure(404, "not_found", "item not found")));

		assertThat(error("batch_tasks", Map.of("operations", operations)))
			.isEqualTo("operations[31].task_id '#131': Deferno API error 404 [not_found]: item not found");
		// those under way when one was found (a few), not the sixty-odd after them
		assertThat(deferno.findAll(getRequestedFor(anyUrl()))).hasSizeLessThan(60);

		List<Object> repeated = new ArrayList<>(operations);
		repeated.set(3, Map.of("op", "update", "task_id", "#100", "title", "again"));
		assertThat(error("batch_tasks", Map.of("operations", repeated)))
			.contains("operations[3] updates the same task as operations[0]");
		deferno.verify(exactly(0), postRequestedFor(anyUrl()));
	}

}
