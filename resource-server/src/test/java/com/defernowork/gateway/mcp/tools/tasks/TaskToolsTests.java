package com.defernowork.gateway.mcp.tools.tasks;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.defernowork.gateway.mcp.support.McpToolTestSupport;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
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
		detach.put("task_id", ID);
		detach.put("new_parent_id", null);
		List<Object> operations = List.of(Map.of("op", "update", "task_id", "#1", "status", "done"), move, detach);
		assertThat(ok("batch_tasks", Map.of("operations", operations)).at("/tasks/0/id").stringValue()).isEqualTo(ID);
		deferno.verify(postRequestedFor(urlEqualTo("/api/tasks/batch"))
			.withRequestBody(equalToJson("{\"operations\":[" + "{\"op\":\"update\",\"task_id\":\"" + ID
					+ "\",\"status\":\"done\"}," + "{\"op\":\"move\",\"task_id\":\"" + ID + "\",\"new_parent_id\":\""
					+ PARENT + "\"}," + "{\"op\":\"move\",\"task_id\":\"" + ID + "\",\"new_parent_id\":null}]}")));
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
	void promoteTaskWhenRefThenResolvedAndNullAnswerConfirmed() {
		String org = "00000000-0000-0000-0000-0000000000aa";
		stub(get("/api/items/by-seq/1").willReturn(data("{\"kind\":\"task\",\"id\":\"" + ID + "\"}")));
		stub(post("/api/tasks/" + ID + "/promote").willReturn(data("null")));
		assertThat(ok("promote_task", Map.of("task_id", "#1", "target_org_id", org)).get("promoted").booleanValue())
			.isTrue();
		deferno.verify(postRequestedFor(urlEqualTo("/api/tasks/" + ID + "/promote"))
			.withRequestBody(equalToJson("{\"target_org_id\":\"" + org + "\"}")));
	}

}
