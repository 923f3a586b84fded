package com.defernowork.gateway.mcp.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.modelcontextprotocol.spec.McpSchema.Tool;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import com.defernowork.gateway.mcp.catalog.ToolScopes;
import com.defernowork.gateway.mcp.support.McpToolTestSupport;
import com.defernowork.gateway.model.scope.Scopes;

import static org.assertj.core.api.Assertions.assertThat;

class McpTransportTests extends McpToolTestSupport {

	private static final String INITIALIZE = """
			{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"%s","capabilities":{},\
			"clientInfo":{"name":"t","version":"1"}}}""";

	@Autowired
	ToolScopes toolScopes;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void initializeWhenEachSupportedProtocolVersionThenNegotiatedWithInstructions() throws Exception {
		for (String version : List.of("2025-11-25", "2025-06-18", "2025-03-26")) {
			HttpResponse<String> response = post("/mcp", INITIALIZE.formatted(version));
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(parse(response.body()).at("/result/protocolVersion").stringValue()).isEqualTo(version);
			assertThat(parse(response.body()).at("/result/instructions").stringValue()).contains("capture_item")
				.contains("whoami");
		}
	}

	@Test
	void loggingSetLevelWhenKnownLevelThenEmptyResultElseInvalidParams() throws Exception {
		HttpResponse<String> initialized = post("/mcp", INITIALIZE.formatted("2025-11-25"));
		assertThat(parse(initialized.body()).at("/result/capabilities/logging").isObject()).isTrue();
		String setLevel = """
				{"jsonrpc":"2.0","id":7,"method":"logging/setLevel","params":{"level":"%s"}}""";
		HttpResponse<String> accepted = post("/mcp", setLevel.formatted("warning"));
		assertThat(accepted.statusCode()).isEqualTo(200);
		assertThat(parse(accepted.body()).at("/id").intValue()).isEqualTo(7);
		assertThat(parse(accepted.body()).at("/result").isObject()).isTrue();
		assertThat(parse(accepted.body()).at("/result").isEmpty()).isTrue();
		HttpResponse<String> refused = post("/mcp", setLevel.formatted("loud"));
		assertThat(parse(refused.body()).at("/error/code").intValue()).isEqualTo(-32602);
		assertThat(parse(refused.body()).at("/error/message").stringValue()).contains("debug, info");
	}

	@Test
	void postWhenTrailingSlashThenServedWithoutRedirect() throws Exception {
		HttpResponse<String> response = post("/mcp/", INITIALIZE.formatted("2025-11-25"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(parse(response.body()).at("/result/serverInfo/name").stringValue()).isEqualTo("deferno-mcp-gateway");
	}

	@Test
	void getOrDeleteWhenMcpEndpointThenMethodNotAllowed() throws Exception {
		for (String path : List.of("/mcp", "/mcp/")) {
			for (String method : List.of("GET", "DELETE")) {
				HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri(path))
					.method(method, HttpRequest.BodyPublishers.noBody())
					.header("Accept", "application/json, text/event-stream")
					.build(), HttpResponse.BodyHandlers.ofString());
				assertThat(response.statusCode()).as(method + " " + path).isEqualTo(405);
			}
		}
	}

	@Test
	void toolsListWhenListedThenAllThirtyOneWithSchemasAndAnnotations() {
		List<Tool> tools = this.mcp.listTools().tools();
		assertThat(tools).extracting(Tool::name)
			.containsExactlyInAnyOrder("whoami", "capture_item", "update_item", "delete_item", "get_item", "list_items",
					"search_items", "get_items_calendar", "add_to_items_plan", "remove_from_items_plan",
					"reorder_items_plan", "convert_item", "get_item_history", "move_item", "get_daily_plan",
					"list_occurrences", "set_occurrence_status", "reschedule_occurrence", "post_item_comment",
					"list_item_comments", "presign_item_attachments", "commit_item_attachments",
					"list_item_attachments", "delete_item_attachment", "set_item_attachment_caption", "update_comment",
					"delete_comment", "patch_event_occurrence_comment", "delete_event_occurrence_comment",
					"promote_task", "batch_tasks");
		for (Tool tool : tools) {
			assertThat(tool.description()).as(tool.name()).isNotBlank();
			assertThat(tool.inputSchema()).as(tool.name()).containsEntry("type", "object");
			assertThat(tool.inputSchema().toString()).as("%s's schema is served whole", tool.name())
				.doesNotContain("$ref");
			assertThat(tool.annotations().readOnlyHint()).as(tool.name()).isNotNull();
			assertThat(tool.annotations().destructiveHint()).as(tool.name()).isNotNull();
			assertThat(tool.annotations().idempotentHint()).as(tool.name()).isNotNull();
		}
		Map<String, Tool> byName = tools.stream().collect(Collectors.toMap(Tool::name, (t) -> t));
		assertThat(byName.get("get_item").annotations().readOnlyHint()).isTrue();
		assertThat(byName.get("delete_item").annotations().destructiveHint()).isTrue();
		// they replace or clear what is stored
		assertThat(byName.get("batch_tasks").annotations().destructiveHint()).isTrue();
		assertThat(byName.get("reschedule_occurrence").annotations().destructiveHint()).isTrue();
		assertThat(byName.get("capture_item").annotations().idempotentHint()).isFalse();
		assertThat(byName.get("capture_item").inputSchema().get("required"))
			.isEqualTo(List.of("title", "attend", "repeats"));
		Map<?, ?> updateItemProperties = (Map<?, ?>) byName.get("update_item").inputSchema().get("properties");
		assertThat(((Map<?, ?>) updateItemProperties.get("recurrence")).get("additionalProperties")).isEqualTo(false);
	}

	@Test
	void toolScopesWhenLookedUpThenFollowWiringTable() {
		Set<String> planRead = Set.of("get_daily_plan", "get_items_calendar");
		Set<String> planWrite = Set.of("add_to_items_plan", "remove_from_items_plan", "reorder_items_plan");
		Set<String> tasksRead = Set.of("get_item", "list_items", "search_items", "get_item_history", "list_occurrences",
				"list_item_comments", "list_item_attachments");
		for (Tool tool : this.mcp.listTools().tools()) {
			Scopes expected = tool.name().equals("whoami") ? Scopes.PROFILE_READ
					: planRead.contains(tool.name()) ? Scopes.PLAN_READ
							: planWrite.contains(tool.name()) ? Scopes.PLAN_WRITE
									: tasksRead.contains(tool.name()) ? Scopes.TASKS_READ : Scopes.TASKS_WRITE;
			assertThat(this.toolScopes.forTool(tool.name())).as(tool.name()).contains(expected);
		}
		assertThat(this.toolScopes.forTool("no_such_tool")).isEmpty();
		assertThat(this.toolScopes.forResource("defernowork://tasks/plan")).contains(Scopes.PLAN_READ);
		assertThat(this.toolScopes.forResource("defernowork://tasks/mood-history")).contains(Scopes.TASKS_READ);
		assertThat(this.toolScopes.forResource("defernowork://item/%23123")).contains(Scopes.TASKS_READ);
		assertThat(this.toolScopes.forResource("defernowork://elsewhere")).isEmpty();
	}

	private HttpResponse<String> post(String path, String body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(path))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json, text/event-stream")
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
