package com.defernowork.gateway.mcp.sandbox;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.defernowork.gateway.mcp.support.PermitAllSecurityConfig;
import com.defernowork.gateway.testsupport.OneCalendarDay;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How many requests to Deferno each tool call makes, counted by a WireMock proxy in front
 * of the real {@code deferno-sandbox}, whose lookups answer an item's whole record as
 * Deferno's do: a ref is looked up once, and what its lookup answered is not read again
 * (a reorder of many sequences, a batch naming one parent ten times, an update's checks,
 * a read by sequence). Each count here was higher before; a test fails if the extra
 * requests come back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(PermitAllSecurityConfig.class)
@DirtiesContext
@OneCalendarDay
class SandboxRequestCountIT {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final ProxiedSandbox deferno = new ProxiedSandbox();

	@LocalServerPort
	int port;

	private McpSyncClient mcp;

	@DynamicPropertySource
	static void sandboxBehindTheProxy(DynamicPropertyRegistry registry) throws Exception {
		deferno.register(registry);
	}

	@AfterAll
	static void stop() {
		deferno.stop();
	}

	@BeforeEach
	void connect() {
		this.mcp = McpClient
			.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + this.port).endpoint("/mcp").build())
			.requestTimeout(Duration.ofSeconds(30))
			.build();
		this.mcp.initialize();
	}

	@AfterEach
	void disconnect() {
		this.mcp.close();
	}

	@Test
	void readsWhenARefIsNotAUuidThenItsLookupIsTheRecord() {
		JsonNode task = item(capture("count: read me"));
		String sequence = "#" + task.get("sequence").asLong();

		assertThat(requests(() -> ok("get_item", Map.of("item", sequence)))).hasSize(1);
		assertThat(requests(() -> ok("get_item", Map.of("item", task.get("ref").stringValue(), "full", true))))
			.hasSize(1);
		assertThat(requests(() -> ok("get_item", Map.of("item", task.get("id").stringValue())))).hasSize(1);
		assertThat(requests(() -> resource("defernowork://item/%23" + task.get("sequence").asLong()))).hasSize(1);
		assertThat(requests(() -> ok("whoami", Map.of()))).hasSize(2);
	}

	@Test
	void reorderItemsPlanWhenEveryRefIsASequenceThenThePlanOneLookupAndTheReorder() {
		String date = LocalDate.now(ZoneOffset.UTC).plusDays(40).toString();
		for (int i = 0; i < 12; i++) {
			ok("add_to_items_plan", Map.of("task_id", capture("count: planned " + i), "date", date));
		}
		List<String> refs = new ArrayList<>();
		boolean sequences = false;
		// whole rows: the compact ones carry a ref, not its org and sequence apart
		for (JsonNode row : ok("get_daily_plan", Map.of("date", date, "full", true))) {
			boolean personal = !row.get("org_slug").stringValue().equals("acme");
			refs.add(0, personal ? "#" + row.get("sequence").asLong() : row.get("ref").stringValue());
			sequences |= personal;
		}
		assertThat(sequences).isTrue();

		List<ServeEvent> requests = requests(() -> ok("reorder_items_plan", Map.of("task_ids", refs, "date", date)));

		// one sequence's lookup tells the personal org; the plan's rows name the rest;
		// the
		// plan is read again after that lookup, so that an item added meanwhile is not
		// dropped
		assertThat(paths(requests)).containsExactlyInAnyOrder("GET /api/items/plan", "GET /api/items/by-seq",
				"GET /api/items/plan", "POST /api/items/plan/reorder");
	}

	@Test
	void batchTasksWhenTenMovesNameOneParentThenEachRefLookedUpOnce() {
		String parent = "#" + item(capture("count: parent")).get("sequence").asLong();
		List<Object> operations = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			Map<String, Object> move = new HashMap<>();
			move.put("op", "move");
			move.put("task_id", "#" + item(capture("count: child " + i)).get("sequence").asLong());
			move.put("new_parent_id", parent);
			operations.add(move);
		}
		String renamed = "#" + item(capture("count: renamed")).get("sequence").asLong();
		operations.add(Map.of("op", "update", "task_id", renamed, "title", "count: renamed again"));

		List<ServeEvent> requests = requests(() -> ok("batch_tasks", Map.of("operations", operations)));

		// eleven tasks and the parent looked up, nothing read again, one batch
		assertThat(requests).hasSize(13);
		assertThat(paths(requests).stream().filter((path) -> path.equals("GET /api/items/by-seq"))).hasSize(12);
		assertThat(ok("get_item", Map.of("item", renamed)).get("title").stringValue())
			.isEqualTo("count: renamed again");
	}

	@Test
	void updateItemWhenItsChecksReadTheItemThenTheLookupIsWhatTheyRead() {
		String task = "#" + item(capture("count: update me")).get("sequence").asLong();
		// a title may reach a series: checked against the task as looked up
		assertThat(paths(requests(() -> ok("update_item", Map.of("ref", task, "title", "count: updated")))))
			.containsExactly("GET /api/items/by-seq", "PATCH /api/tasks");

		String today = LocalDate.now(ZoneOffset.UTC).toString();
		JsonNode event = ok("capture_item", Map.of("title", "count: meeting", "attend", true, "repeats", false,
				"complete_by", today + "T10:00:00Z", "time_of_day", "10:00"));
		String eventRef = "#" + item(event.get("id").stringValue()).get("sequence").asLong();
		ok("update_item", Map.of("ref", eventRef, "end_time", today + "T11:00:00Z"));
		// its end moves with its start: the lookup tells that it does, the zone the day
		// is read in, and one read of the event right before the write, which the end
		// is moved from (deliberately one request more: an end the person set after the
		// lookup was replaced by one moved from the lookup's, and Deferno has no
		// conditional write)
		assertThat(paths(requests(() -> ok("update_item",
				Map.of("ref", eventRef, "complete_by", LocalDate.parse(today).plusDays(1) + "T10:00:00Z")))))
			.containsExactly("GET /api/items/by-seq", "GET /api/auth/me/settings", "GET /api/events",
					"PATCH /api/events");
		// a move that leaves the end as it is reads nothing more than the lookup
		assertThat(paths(requests(() -> ok("update_item",
				Map.of("ref", eventRef, "complete_by", LocalDate.parse(today).plusDays(1) + "T10:00:00Z")))))
			.containsExactly("GET /api/items/by-seq", "GET /api/auth/me/settings", "PATCH /api/events");
	}

	@Test
	void deleteItemWhenATaskHasItemsBeneathThenEachIsReadOnce() {
		String top = capture("count: top");
		String previous = top;
		for (int i = 0; i < 6; i++) {
			String below = capture("count: below " + i);
			ok("move_item", Map.of("item_id", below, "new_parent_id", previous));
			ok("move_item", Map.of("item_id", capture("count: beside " + i), "new_parent_id", previous));
			previous = below;
		}
		String ref = "#" + item(top).get("sequence").asLong();

		List<String> paths = paths(requests(() -> ok("delete_item", Map.of("ref", ref))));

		// its lookup (with its children), the twelve items beneath, the delete
		assertThat(paths).hasSize(14);
		assertThat(paths.stream().filter((path) -> path.equals("GET /api/items"))).hasSize(12);
	}

	/** The requests Deferno got while {@code call} ran. */
	private static List<ServeEvent> requests(Runnable call) {
		deferno.proxy().resetRequests();
		call.run();
		List<ServeEvent> events = new ArrayList<>(deferno.proxy().getAllServeEvents());
		java.util.Collections.reverse(events);
		return events;
	}

	/**
	 * Each request's method and path, its last segment left out when it is an id or ref.
	 */
	private static List<String> paths(List<ServeEvent> requests) {
		return requests.stream().map((event) -> {
			String path = event.getRequest().getUrl().replaceAll("\\?.*", "");
			String shape = path.replaceAll("/(by-seq|by-ref)/[^/]+$", "/$1")
				.replaceAll("/(items|tasks|events)/[0-9a-f-]{36}$", "/$1");
			return event.getRequest().getMethod() + " " + shape;
		}).toList();
	}

	private String capture(String title) {
		return ok("capture_item", Map.of("title", title, "attend", false, "repeats", false)).get("id").stringValue();
	}

	private JsonNode item(String id) {
		return ok("get_item", Map.of("item", id));
	}

	private JsonNode ok(String tool, Map<String, Object> arguments) {
		CallToolResult result = this.mcp.callTool(new CallToolRequest(tool, arguments));
		String text = ((TextContent) result.content().get(0)).text();
		assertThat(result.isError()).as("%s %s → %s", tool, arguments, text).isFalse();
		return json.readTree(text);
	}

	private String resource(String uri) {
		return ((TextResourceContents) this.mcp.readResource(new ReadResourceRequest(uri)).contents().get(0)).text();
	}

}
