package com.defernowork.gateway.mcp.sandbox;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.modern.McpSchema.Implementation;
import io.modelcontextprotocol.modern.client.transport.HttpClientMcpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.defernowork.gateway.mcp.deferno.projection.OccurrenceStatus;
import com.defernowork.gateway.testsupport.OneCalendarDay;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * All 31 tools and the three resources through the MCP Java SDK's clients over HTTP, in
 * both protocol eras (the 2025-11-25 client with its {@code initialize}, and the
 * stateless 2026-07-28 client), against this resource server backed by the real
 * {@code deferno-sandbox} application, with a Deferno token obtained through the
 * sandbox's native OAuth sign-in.
 */
// the saved time zone changes between calls here: not remembered with the profile
// (WhoamiProfileCacheTests covers that)
@TestPropertySource(properties = "deferno.profile-ttl=0s")
@OneCalendarDay
class SandboxToolSurfaceIT extends SandboxTestBase {

	private static final JsonMapper json = JsonMapper.builder().build();

	private SurfaceClient mcp;

	private final Set<String> called = new TreeSet<>();

	@AfterEach
	void disconnect() {
		if (this.mcp != null) {
			this.mcp.close();
		}
	}

	@ParameterizedTest(name = "MCP {0}")
	@ValueSource(strings = { "2025-11-25", "2026-07-28" })
	void everyToolAndResourceWhenDrivenAgainstSandboxThenWorks(String era) throws Exception {
		this.mcp = "2026-07-28".equals(era) ? modern("http://127.0.0.1:" + this.port + "/mcp")
				: legacy("http://127.0.0.1:" + this.port);
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		assertThat(ok("whoami", Map.of()).get("username").stringValue()).isEqualTo("alice");

		// capture one of each kind
		JsonNode task = ok("capture_item", Map.of("title", "IT task alpha", "attend", false, "repeats", false,
				"description", "from the resource-server IT"));
		String taskId = task.get("id").stringValue();
		String child = ok("capture_item", Map.of("title", "IT task child", "attend", false, "repeats", false)).get("id")
			.stringValue();
		String chore = ok("capture_item", Map.of("title", "IT chore", "attend", false, "repeats", true, "obligation",
				"need", "recurrence", Map.of("type", "daily"), "complete_by", today + "T18:00:00Z"))
			.get("id")
			.stringValue();
		String habit = ok("capture_item", Map.of("title", "IT habit", "attend", false, "repeats", true, "obligation",
				"want", "recurrence", Map.of("type", "daily"), "complete_by", today + "T21:00:00Z"))
			.get("id")
			.stringValue();
		// weekly on today's weekday, so an occurrence can move to a free day
		String weekday = today.getDayOfWeek()
			.getDisplayName(java.time.format.TextStyle.SHORT, java.util.Locale.ENGLISH);
		String event = ok("capture_item",
				Map.of("title", "IT event", "attend", true, "repeats", true, "recurrence",
						Map.of("type", "weekly", "days", List.of(weekday)), "complete_by", today + "T10:00:00Z",
						"time_of_day", "10:00"))
			.get("id")
			.stringValue();

		// reads by every ref form
		JsonNode compact = ok("get_item", Map.of("item", taskId));
		String ref = compact.get("ref").stringValue();
		String org = compact.get("org_slug").stringValue();
		long sequence = compact.get("sequence").asLong();
		assertThat(compact.get("description").stringValue()).isEqualTo("from the resource-server IT");
		assertThat(ok("get_item", Map.of("item", "#" + sequence)).get("id").stringValue()).isEqualTo(taskId);
		assertThat(ok("get_item", Map.of("item", ref)).get("id").stringValue()).isEqualTo(taskId);
		assertThat(ok("get_item",
				Map.of("item", "https://app.defernowork.com/o/" + org + "/items/" + sequence, "full", true))
			.get("id")
			.stringValue()).isEqualTo(taskId);
		assertThat(ok("get_item", Map.of("item", "octo/sandbox#44", "as_alias", true)).has("ref")).isTrue();
		assertThat(error("get_item", Map.of("item", "ABC-223"))).contains("not an auto-routable");
		JsonNode rows = ok("list_items", Map.of("kind", "task", "limit", 500));
		assertThat(rows.findValuesAsString("ref")).contains(ref);
		// a row's id is what its children's parent_id names; type and org_slug repeat
		// kind and ref
		assertThat(rows.get(0).has("id")).isTrue();
		assertThat(rows.get(0).has("type")).isFalse();
		assertThat(rows.get(0).has("org_slug")).isFalse();
		// days without tz are those of the zone kept in Deferno's settings: 03:00 UTC is
		// the
		// evening before in Los Angeles
		LocalDate day = today.plusDays(10);
		ok("capture_item", Map.of("title", "IT late call " + era, "attend", false, "repeats", false, "complete_by",
				day.plusDays(1) + "T03:00:00Z"));
		Map<String, Object> thatDay = Map.of("from_date", day.toString(), "to_date", day.toString());
		saveTimeZone("\"America/Los_Angeles\"");
		try {
			assertThat(ok("list_items", thatDay).findValuesAsString("title")).contains("IT late call " + era);
		}
		finally {
			saveTimeZone("null");
		}
		assertThat(ok("list_items", thatDay).findValuesAsString("title")).doesNotContain("IT late call " + era);
		assertThat(ok("search_items", Map.of("query", "IT task alpha")).findValuesAsString("ref")).contains(ref);

		// item changes
		assertThat(ok("update_item", Map.of("ref", ref, "title", "IT task alpha renamed", "desire", 0.5)).get("title")
			.stringValue()).isEqualTo("IT task alpha renamed");
		assertThat(error("update_item", Map.of("ref", chore, "status", "done")))
			.contains("status of a chore is one of active, in-review, archived");
		ok("move_item", Map.of("item_id", child, "new_parent_id", ref, "position", 0));
		// the same item by two of its refs
		assertThat(error("move_item", Map.of("item_id", ref, "new_parent_id", taskId)))
			.contains("new_parent_id names the item itself");
		assertThat(ok("get_item", Map.of("item", child)).get("parent_id").stringValue()).isEqualTo(taskId);
		JsonNode family = ok("list_items", Map.of("kind", "task", "limit", 500));
		assertThat(family.valueStream().filter((row) -> row.path("parent_id").asString("").equals(taskId)))
			.extracting((row) -> row.get("id").stringValue())
			.contains(child);
		assertThat(ok("get_item_history", Map.of("item_id", ref)).isArray()).isTrue();
		// Deferno would answer 200 and apply nothing
		assertThat(error("convert_item", Map.of("item_id", child, "to", "task")))
			.contains("is already a task: convert_item changes the kind only");

		// plan and calendar
		ok("add_to_items_plan", Map.of("task_id", ref, "date", today.toString()));
		JsonNode plan = ok("get_daily_plan", Map.of("date", today.toString(), "tz", "UTC"));
		List<String> planIds = new ArrayList<>();
		plan.values().forEach((row) -> planIds.add(row.get("id").stringValue()));
		assertThat(planIds).contains(taskId);
		java.util.Collections.reverse(planIds);
		ok("reorder_items_plan", Map.of("task_ids", planIds, "date", today.toString()));
		ok("remove_from_items_plan", Map.of("task_id", taskId, "date", today.toString()));
		JsonNode week = ok("get_items_calendar",
				Map.of("start", today.toString(), "end", today.plusDays(7).toString()));
		// the daily chore once a day, compact: its day and that day's status
		assertThat(week.valueStream().filter((row) -> row.path("id").asString("").equals(chore))).hasSize(7)
			.allSatisfy((row) -> {
				assertThat(row.get("occurrence_date").stringValue()).matches("\\d{4}-\\d{2}-\\d{2}");
				assertThat(row.at("/today_occurrence/status").stringValue()).isIn(OccurrenceStatus.WORDS);
				assertThat(row.has("description")).isFalse();
			});
		assertThat(ok("get_items_calendar",
				Map.of("start", today.toString(), "end", today.plusDays(7).toString(), "full", true))
			.valueStream()).hasSize(week.size()).allMatch((row) -> row.has("org_slug") && row.has("description"));

		// occurrences
		assertThat(ok("list_occurrences", Map.of("ref", chore)).isArray()).isTrue();
		ok("set_occurrence_status", Map.of("ref", chore, "status", "in_progress"));
		// what is set as dropped reads back as dropped, in every tool
		assertThat(ok("set_occurrence_status", Map.of("ref", chore, "date", today.toString(), "status", "dropped"))
			.get("status")
			.stringValue()).isEqualTo("dropped");
		assertThat(
				ok("list_occurrences", Map.of("ref", chore, "from_date", today.toString(), "to_date", today.toString()))
					.get(0)
					.get("status")
					.stringValue())
			.isEqualTo("dropped");
		// and undone
		// one occurrence, as the other statuses answer
		assertThat(ok("set_occurrence_status", Map.of("ref", chore, "date", today.toString(), "status", "scheduled"))
			.path("status")
			.asString()).isEqualTo("scheduled");
		// an open subtask: a mark needs cascade_subtasks, which resolves it too, and
		// with it a date (Deferno's dateless mark takes no cascade)
		String choreStep = ok("capture_item", Map.of("title", "IT chore step", "attend", false, "repeats", false))
			.get("id")
			.stringValue();
		ok("move_item", Map.of("item_id", choreStep, "new_parent_id", chore));
		assertThat(error("set_occurrence_status", Map.of("ref", chore, "cascade_subtasks", true)))
			.contains("needs the occurrence's date");
		String next = today.plusDays(1).toString();
		String choreStepRef = ok("get_item", Map.of("item", choreStep)).get("ref").stringValue();
		// Deferno's refusal counts the open subtasks: the tool names them
		assertThat(error("set_occurrence_status", Map.of("ref", chore, "date", next))).contains("409",
				"Open: task 'IT chore step' (" + choreStepRef + ", open); with cascade_subtasks=true it is "
						+ "marked done together with the occurrence");
		// and says which a cascade resolved
		JsonNode cascaded = ok("set_occurrence_status", Map.of("ref", chore, "date", next, "cascade_subtasks", true));
		assertThat(cascaded.get("date").stringValue()).isEqualTo(next);
		assertThat(cascaded.get("subtasks_resolved").toString())
			.isEqualTo("[{\"ref\":\"" + choreStepRef + "\",\"title\":\"IT chore step\",\"status\":\"done\"}]");
		assertThat(ok("get_item", Map.of("item", choreStep)).get("status").stringValue()).isEqualTo("done");
		// an Event's one-off task, as a Chore's
		String eventStep = ok("capture_item", Map.of("title", "IT event step", "attend", false, "repeats", false))
			.get("id")
			.stringValue();
		ok("move_item", Map.of("item_id", eventStep, "new_parent_id", event));
		String inThreeWeeks = today.plusDays(21).toString();
		// in_progress leaves subtasks as they are: Deferno takes it
		ok("set_occurrence_status", Map.of("ref", event, "date", inThreeWeeks, "status", "in_progress"));
		assertThat(error("set_occurrence_status", Map.of("ref", event, "date", inThreeWeeks, "status", "dropped")))
			.contains("task 'IT event step'", "it is marked dropped together with the occurrence");
		ok("move_item", Map.of("item_id", eventStep));
		// without a date, the earliest open occurrence, a missed one included: said so
		String lapsed = ok("capture_item",
				Map.of("title", "IT lapsed chore", "attend", false, "repeats", true, "obligation", "need", "recurrence",
						Map.of("type", "daily"), "complete_by", today.minusDays(3) + "T18:00:00Z"))
			.get("id")
			.stringValue();
		JsonNode missed = ok("set_occurrence_status", Map.of("ref", lapsed));
		assertThat(missed.get("date").stringValue()).isEqualTo(today.minusDays(3).toString());
		assertThat(missed.get("status").stringValue()).isEqualTo("done_late");
		assertThat(missed.get("note").stringValue()).contains("a missed occurrence");
		ok("set_occurrence_status", Map.of("ref", habit, "date", today.toString(), "status", "done"));
		ok("set_occurrence_status", Map.of("ref", event, "date", today.toString(), "status", "done"));
		assertThat(error("list_occurrences", Map.of("ref", taskId))).contains("a task has no occurrences");
		assertThat(ok("reschedule_occurrence",
				Map.of("ref", event, "date", today.plusDays(7).toString(), "new_date", today.plusDays(8).toString()))
			.toString()).contains(today.plusDays(8).toString());
		// a move undone at the day it left: refused, naming where it went
		assertThat(error("set_occurrence_status",
				Map.of("ref", event, "date", today.plusDays(7).toString(), "status", "scheduled")))
			.contains("was moved to " + today.plusDays(8));
		// a move undone: the occurrence back on its own day, which the answer names
		assertThat(ok("set_occurrence_status",
				Map.of("ref", event, "date", today.plusDays(8).toString(), "status", "scheduled"))
			.toString()).contains(today.plusDays(7).toString());
		assertThat(
				ok("list_occurrences",
						Map.of("ref", event, "from_date", today.plusDays(7).toString(), "to_date",
								today.plusDays(8).toString()))
					.findValuesAsString("status"))
			.containsExactly("scheduled");
		assertThat(error("reschedule_occurrence",
				Map.of("ref", chore, "date", next, "new_date", today.plusDays(3).toString())))
			.contains("is already done (done_on_time)");
		assertThat(error("reschedule_occurrence",
				Map.of("ref", chore, "date", today.plusDays(2).toString(), "new_date", today.plusDays(3).toString())))
			.contains("501", "set_occurrence_status it to dropped");

		// comments
		String comment = ok("post_item_comment", Map.of("item_id", ref, "body", "first note")).get("id").stringValue();
		assertThat(ok("list_item_comments", Map.of("item_id", ref)).findValuesAsString("body")).contains("first note");
		assertThat(ok("update_comment", Map.of("comment_id", comment, "body", "edited note")).get("body").stringValue())
			.isEqualTo("edited note");
		ok("delete_comment", Map.of("comment_id", comment));
		// a retried delete finds nothing, and says it may be done already
		assertThat(error("delete_comment", Map.of("comment_id", comment)))
			.contains("if an earlier delete_comment of this comment_id succeeded, there is nothing left to do");
		assertThat(error("update_comment", Map.of("comment_id", "#" + sequence, "body", "x")))
			.contains("is an item ref", "list_item_comments");
		String occurrenceDay = today.plusDays(14).toString();
		ok("post_item_comment", Map.of("item_id", event, "body", "occurrence note", "date", occurrenceDay));
		ok("patch_event_occurrence_comment", Map.of("event_id", event, "date", occurrenceDay, "body", "patched"));
		// the answer names what went: a second call would delete the next comment
		JsonNode deleted = ok("delete_event_occurrence_comment", Map.of("event_id", event, "date", occurrenceDay));
		assertThat(deleted.at("/deleted/body").stringValue()).isEqualTo("patched");
		assertThat(deleted.get("comments_left").intValue()).isZero();
		// an occurrence's comment by its id, which need not be the first
		ok("post_item_comment", Map.of("item_id", event, "body", "first of the day", "date", occurrenceDay));
		String second = ok("post_item_comment",
				Map.of("item_id", event, "body", "second of the day", "date", occurrenceDay))
			.get("id")
			.stringValue();
		assertThat(
				ok("update_comment", Map.of("comment_id", second, "body", "second, edited")).get("body").stringValue())
			.isEqualTo("second, edited");
		ok("delete_comment", Map.of("comment_id", second));
		assertThat(ok("list_item_comments", Map.of("item_id", event)).findValuesAsString("body"))
			.contains("first of the day")
			.doesNotContain("second of the day", "second, edited");

		// attachments: presign → PUT → commit → list → caption → delete
		byte[] bytes = "hello".getBytes(StandardCharsets.UTF_8);
		JsonNode presign = ok("presign_item_attachments", Map.of("item_id", ref, "files",
				List.of(Map.of("filename", "hello.txt", "content_type", "text/plain", "size_bytes", bytes.length))));
		JsonNode upload = presign.has("attachments") ? presign.get("attachments").get(0) : presign.get(0);
		assertThat(upload.get("filename").stringValue()).isEqualTo("hello.txt");
		HttpResponse<String> put = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(upload.get("put_url").stringValue()))
				.header("Content-Type", "text/plain")
				.PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(put.statusCode()).as(put.body()).isBetween(200, 204);
		ok("commit_item_attachments",
				Map.of("item_id", ref, "intents", List.of(upload.get("attachment_id").stringValue()), "urls",
						List.of(Map.of("url", "https://example.com/spec", "filename", "spec"))));
		JsonNode attachments = ok("list_item_attachments", Map.of("item_id", ref));
		assertThat(attachments.findValuesAsString("filename")).contains("hello.txt");
		String attachment = attachments.get(0).get("id").stringValue();
		assertThat(
				ok("set_item_attachment_caption", Map.of("item_id", ref, "att_id", attachment, "caption", "greeting"))
					.get("caption")
					.stringValue())
			.isEqualTo("greeting");
		// a retried commit: the intent is attached already
		assertThat(error("commit_item_attachments",
				Map.of("item_id", ref, "intents", List.of(upload.get("attachment_id").stringValue()))))
			.contains("unknown attachment intent", "is already attached to this item");
		assertThat(
				ok("delete_item_attachment", Map.of("item_id", ref, "att_id", attachment)).get("att_id").stringValue())
			.isEqualTo(attachment);
		assertThat(error("delete_item_attachment", Map.of("item_id", ref, "att_id", attachment)))
			.contains("if an earlier delete_item_attachment of this att_id succeeded");

		// tasks
		Map<String, Object> detach = new HashMap<>();
		detach.put("op", "move");
		detach.put("task_id", child);
		detach.put("new_parent_id", null);
		ok("batch_tasks",
				Map.of("operations", List.of(Map.of("op", "update", "task_id", ref, "status", "in-progress"), detach)));
		assertThat(ok("get_item", Map.of("item", ref)).get("status").stringValue()).isEqualTo("in-progress");
		// a batch resolves a blocker's ref as update_item does, and leaves a recurring
		// task to update_item
		String childRef = ok("get_item", Map.of("item", child)).get("ref").stringValue();
		ok("batch_tasks", Map.of("operations",
				List.of(Map.of("op", "update", "task_id", ref, "blocked_by", List.of(Map.of("item", childRef))))));
		assertThat(ok("get_item", Map.of("item", ref, "full", true)).get("blocked_by").findValuesAsString("item"))
			.containsExactly(child);
		String series = ok("search_items", Map.of("query", "Weekly report")).get(0).get("ref").stringValue();
		assertThat(error("batch_tasks",
				Map.of("operations", List.of(Map.of("op", "update", "task_id", series, "title", "Renamed")))))
			.contains("is a recurring task");
		UUID acme = UUID.nameUUIDFromBytes("deferno-sandbox:org:acme".getBytes(StandardCharsets.UTF_8));
		String promoted = ok("promote_task", Map.of("task_id", child, "target_org_id", acme.toString())).get("ref")
			.stringValue();
		assertThat(promoted).startsWith("acme-");
		assertThat(ok("get_item", Map.of("item", promoted)).get("title").stringValue()).isNotBlank();

		// resources
		assertThat(resource("defernowork://tasks/plan")).startsWith("[");
		assertThat(resource("defernowork://tasks/mood-history")).startsWith("[");
		assertThat(json
			.readTree(resource("defernowork://item/" + URLEncoder.encode("#" + sequence, StandardCharsets.UTF_8)))
			.get("id")
			.stringValue()).isEqualTo(taskId);

		// deletes last
		JsonNode archived = ok("delete_item", Map.of("ref", habit));
		assertThat(archived.get("kind").stringValue()).isEqualTo("habit");
		assertThat(archived.get("archived").booleanValue()).isTrue();
		// archiving is undone: the habit active again, listed again
		assertThat(ok("update_item", Map.of("ref", habit, "status", "active")).get("status").stringValue())
			.isEqualTo("active");
		assertThat(ok("list_items", Map.of("kind", "habit", "status", "active", "full", true)).toString())
			.contains(habit);
		ok("delete_item", Map.of("ref", habit));
		assertThat(ok("delete_item", Map.of("ref", ref)).get("deleted").booleanValue()).isTrue();
		// a chore beneath a task's subtask: Deferno would delete it for good with the
		// task
		String holder = ok("capture_item", Map.of("title", "IT holder", "attend", false, "repeats", false)).get("id")
			.stringValue();
		String step = ok("capture_item", Map.of("title", "IT holder step", "attend", false, "repeats", false)).get("id")
			.stringValue();
		ok("move_item", Map.of("item_id", step, "new_parent_id", holder));
		ok("move_item", Map.of("item_id", chore, "new_parent_id", step));
		assertThat(error("delete_item", Map.of("ref", holder))).contains("beneath this one is chore 'IT chore'",
				"Nothing was deleted");
		Map<String, Object> toTheTop = new java.util.HashMap<>(Map.of("item_id", chore));
		toTheTop.put("new_parent_id", null);
		ok("move_item", toTheTop);
		assertThat(ok("delete_item", Map.of("ref", holder)).get("deleted").booleanValue()).isTrue();
		assertThat(ok("get_item", Map.of("item", chore)).get("title").stringValue()).isEqualTo("IT chore");

		assertThat(this.called).hasSize(31);
	}

	@Test
	void updateItemWhenAnEventsStartMovesWithoutItsEndThenTheEndMovesAsFarKeepingItsLength() throws Exception {
		this.mcp = modern("http://127.0.0.1:" + this.port + "/mcp");
		saveTimeZone("\"Europe/Paris\"");
		try {
			// 10:00 to 11:00 in Paris, the day before summer time begins
			String event = ok("capture_item", Map.of("title", "IT one-hour meeting", "attend", true, "repeats", false,
					"complete_by", "2027-03-27T10:00:00+01:00", "time_of_day", "10:00"))
				.get("id")
				.stringValue();
			ok("update_item", Map.of("ref", event, "end_time", "2027-03-27T11:00:00+01:00"));

			// a day earlier: the end had stayed, and the meeting lasted 25 hours
			ok("update_item", Map.of("ref", event, "complete_by", "2027-03-26T10:00:00+01:00"));
			assertThat(ok("get_item", Map.of("item", event, "full", true)).get("end_time").stringValue())
				.startsWith("2027-03-26T10:00:00");
			// three days later, across the change to summer time: still 11:00 in Paris
			// (it was refused, ending before it began)
			ok("update_item", Map.of("ref", event, "complete_by", "2027-03-29T10:00:00+02:00"));
			assertThat(ok("get_item", Map.of("item", event, "full", true)).get("end_time").stringValue())
				.startsWith("2027-03-29T09:00:00");
			// a later clock time: 15:00 to 16:00
			ok("update_item", Map.of("ref", event, "time_of_day", "15:00"));
			assertThat(ok("get_item", Map.of("item", event, "full", true)).get("end_time").stringValue())
				.startsWith("2027-03-29T14:00:00");
			// two days later at 08:00, day and clock at once: 08:00 to 09:00
			ok("update_item", Map.of("ref", event, "complete_by", "2027-03-31T08:00:00+02:00", "time_of_day", "08:00"));
			assertThat(ok("get_item", Map.of("item", event, "full", true)).get("end_time").stringValue())
				.startsWith("2027-03-31T07:00:00");
			// an earlier clock time alone: 07:00 to 08:00 (the end went before the start)
			ok("update_item", Map.of("ref", event, "time_of_day", "07:00"));
			JsonNode earlier = ok("get_item", Map.of("item", event, "full", true));
			assertThat(earlier.get("complete_by").stringValue()).startsWith("2027-03-31T05:00:00");
			assertThat(earlier.get("end_time").stringValue()).startsWith("2027-03-31T06:00:00");
			// onto 02:30 of the night summer time begins, which does not exist: still
			// an hour long (it lasted no time at all)
			ok("update_item", Map.of("ref", event, "complete_by", "2027-03-28T02:30:00+01:00", "time_of_day", "02:30"));
			assertThat(ok("get_item", Map.of("item", event, "full", true)).get("end_time").stringValue())
				.startsWith("2027-03-28T02:30:00");
			// an end sent with the day is the end
			ok("update_item", Map.of("ref", event, "complete_by", "2027-04-01T10:00:00+02:00", "time_of_day", "10:00",
					"end_time", "2027-04-01T12:00:00+02:00"));
			assertThat(ok("get_item", Map.of("item", event, "full", true)).get("end_time").stringValue())
				.startsWith("2027-04-01T10:00:00");
			ok("delete_item", Map.of("ref", event));
		}
		finally {
			saveTimeZone("null");
		}
	}

	/**
	 * The probe's session: no zone saved (whoami tells it from a saved UTC), the
	 * calendar's tz saved as the user's and said so, then events in that zone whose start
	 * and end agree with what Deferno checks.
	 */
	@Test
	void eventsAndTheSavedZoneWhenTheCalendarSavesATzThenToldAndEventsStartAtTheirClockThere() throws Exception {
		this.mcp = modern("http://127.0.0.1:" + this.port + "/mcp");
		saveTimeZone("null");
		try {
			assertThat(ok("whoami", Map.of()).get("time_zone_saved").booleanValue()).isFalse();
			ToolResult calendar = call("get_items_calendar",
					Map.of("start", "2026-12-08", "end", "2026-12-09", "tz", "Asia/Tokyo"));
			assertThat(calendar.isError()).isFalse();
			assertThat(calendar.note())
				.startsWith("The user had no time zone saved, so Deferno saved this tz, " + "Asia/Tokyo, as theirs");
			JsonNode me = ok("whoami", Map.of());
			assertThat(me.get("time_zone").stringValue()).isEqualTo("Asia/Tokyo");
			assertThat(me.get("time_zone_saved").booleanValue()).isTrue();
			// saved now: the next call with a tz says nothing
			assertThat(
					call("get_items_calendar", Map.of("start", "2026-12-08", "end", "2026-12-09", "tz", "Europe/Paris"))
						.note())
				.isNull();

			assertThat(error("capture_item",
					Map.of("title", "IT Tokyo meet A", "attend", true, "repeats", false, "complete_by",
							"2026-12-10T09:00:00Z", "time_of_day", "09:00")))
				.contains("Send complete_by 2026-12-10T09:00:00+09:00 to start at 09:00");
			JsonNode meet = ok("capture_item", Map.of("title", "IT Tokyo meet A", "attend", true, "repeats", false,
					"complete_by", "2026-12-10T09:00:00+09:00", "time_of_day", "09:00"));
			// 10:00 in Tokyo: an hour's meeting, which Deferno takes
			ok("update_item", Map.of("ref", meet.get("id").stringValue(), "end_time", "2026-12-10T01:00:00Z"));
			assertThat(ok("get_item", Map.of("item", meet.get("id").stringValue(), "full", true)).get("end_time")
				.stringValue()).startsWith("2026-12-10T01:00:00");

			JsonNode standup = ok("capture_item", Map.of("title", "IT standup", "attend", true, "repeats", false,
					"complete_by", "2026-12-08T09:00:00Z"));
			assertThat(standup.get("start_time_of_day").stringValue()).isEqualTo("18:00");
			assertThat(standup.get("note").stringValue())
				.startsWith("start_time_of_day 18:00 was taken from " + "complete_by 2026-12-08T09:00:00Z");
			ok("delete_item", Map.of("ref", meet.get("id").stringValue()));
			ok("delete_item", Map.of("ref", standup.get("id").stringValue()));
		}
		finally {
			saveTimeZone("null");
		}
	}

	@Test
	void toolsWhenAnAgentErrsOrRetriesThenTheyRefuseWhatCannotMeanAnythingAndSayWhatHappened() throws Exception {
		this.mcp = modern("http://127.0.0.1:" + this.port + "/mcp");
		saveTimeZone("\"Asia/Tokyo\"");
		try {
			// no Task is ever "active": an empty list would read as "none active"
			assertThat(error("list_items", Map.of("kind", "task", "status", "active")))
				.contains("status of a task is one of open, in-progress, in-review, done, dropped");
			assertThat(error("list_items", Map.of("kind", "chore", "status", "open")))
				.contains("status of a chore is one of active, in-review, archived");

			// an Event starts at complete_by, which Deferno checks its end against: a
			// start
			// time at another clock was stored, and its end then refused by Deferno
			assertThat(error("capture_item",
					Map.of("title", "IT dinner", "attend", true, "repeats", false, "complete_by",
							"2027-05-10T12:00:00+09:00", "time_of_day", "18:00")))
				.contains("complete_by 2027-05-10T12:00:00+09:00 is 12:00 in Asia/Tokyo (the user's time zone) and "
						+ "time_of_day is 18:00");
			JsonNode dinner = ok("capture_item", Map.of("title", "IT dinner", "attend", true, "repeats", false,
					"complete_by", "2027-05-10T18:00:00+09:00", "time_of_day", "18:00"));
			String event = dinner.get("id").stringValue();
			assertThat(error("update_item", Map.of("ref", event, "end_time", "2027-05-10T13:00:00+09:00")))
				.contains("end_time 2027-05-10T13:00:00+09:00 is before the event starts at complete_by "
						+ "2027-05-10T09:00:00Z (18:00 in Asia/Tokyo)");
			assertThat(ok("get_item", Map.of("item", event, "full", true)).path("end_time").isNull()).isTrue();
			ok("update_item", Map.of("ref", event, "end_time", "2027-05-10T20:00:00+09:00"));
			// with a new clock time in the same call, that is the start, and complete_by
			// moves to it
			assertThat(error("update_item",
					Map.of("ref", event, "time_of_day", "21:00", "end_time", "2027-05-10T20:30:00+09:00")))
				.contains("is before the event starts at complete_by 2027-05-10T12:00:00Z (21:00 in Asia/Tokyo)");
			// a new day at another clock than the start time is refused
			assertThat(error("update_item", Map.of("ref", event, "complete_by", "2027-05-11T12:00:00+09:00")))
				.contains("is 12:00 in Asia/Tokyo (the user's time zone) and the event's start time");
			ok("update_item", Map.of("ref", event, "complete_by", "2027-05-11T18:00:00+09:00"));

			// an Event's comments are on its occurrences, by ref and by UUID alike
			String eventRef = dinner.get("ref").stringValue();
			assertThat(error("post_item_comment", Map.of("item_id", eventRef, "body", "bring wine")))
				.isEqualTo("post_item_comment: item_id is an Event: an Event's comments are on its occurrences: "
						+ "pass date (YYYY-MM-DD) to comment on one");
			assertThat(error("post_item_comment", Map.of("item_id", event, "body", "bring wine")))
				.contains("(if item_id is an Event: an Event's comments are on its occurrences: pass date");

			// a Task blocks as a whole: a day of it would be kept as if it meant
			// something
			String blocker = ok("capture_item", Map.of("title", "IT blocker", "attend", false, "repeats", false))
				.get("id")
				.stringValue();
			String blocked = ok("capture_item", Map.of("title", "IT blocked", "attend", false, "repeats", false))
				.get("id")
				.stringValue();
			assertThat(error("update_item",
					Map.of("ref", blocked, "blocked_by", List.of(Map.of("item", blocker, "occurrence", "2027-05-10")))))
				.contains("blocked_by[0].occurrence names a day of a Chore, Habit or Event that blocks; "
						+ "blocked_by[0].item is a Task");
			assertThat(ok("get_item", Map.of("item", blocked, "full", true)).path("blocked_by")).isEmpty();
			assertThat(error("update_item", Map.of("ref", blocked, "assignee", "bob"))).contains("ask the user");

			// a retried removal or delete finds nothing, and says it may be done already
			ok("add_to_items_plan", Map.of("task_id", blocked));
			ok("remove_from_items_plan", Map.of("task_id", blocked));
			assertThat(error("remove_from_items_plan", Map.of("task_id", blocked)))
				.contains("if an earlier remove_from_items_plan of it succeeded, there is nothing left to do");
			ok("delete_item", Map.of("ref", blocked));
			assertThat(error("delete_item", Map.of("ref", blocked))).startsWith("ref '" + blocked + "'")
				.contains("if an earlier delete_item of this ref succeeded");
			// a UUID's lookup names the argument as every other ref form's does
			assertThat(error("get_item", Map.of("item", blocked))).startsWith("item '" + blocked + "'");
			ok("delete_item", Map.of("ref", blocker));
			ok("delete_item", Map.of("ref", event));
		}
		finally {
			saveTimeZone("null");
		}
	}

	@Test
	void itemToolsWhenAnAgentMeetsARecurringTaskATitleASubtaskOrLabelsThenTheySayWhatToSendAndWhatHappened()
			throws Exception {
		this.mcp = legacy("http://127.0.0.1:" + this.port);
		// a recurring task shows the instance it is, and every refusal names it
		String report = ok("search_items", Map.of("query", "Weekly report")).get(0).get("ref").stringValue();
		JsonNode read = ok("get_item", Map.of("item", report));
		assertThat(read.get("series_id").isString()).isTrue();
		String instance = read.get("recurrence_id").stringValue();
		assertThat(error("update_item", Map.of("ref", report, "description", "IT")))
			.contains("This is a recurring task")
			.contains("send recurrence_id '" + instance + "' too");
		assertThat(error("update_item", Map.of("ref", report, "description", "IT", "recurring_scope", "this")))
			.contains("also needs recurrence_id, the instance's local start (this task's is '" + instance + "'");
		String another = java.time.LocalDateTime.parse(instance)
			.plusDays(1)
			.format(java.time.format.DateTimeFormatter.ISO_LOCAL_DATE_TIME);
		// the sandbox takes any local start and edits this task with it: only this
		// task's own names the instance it is
		assertThat(error("update_item",
				Map.of("ref", report, "description", "IT", "recurring_scope", "this", "recurrence_id", another)))
			.contains("recurrence_id '" + another + "' is not this task's instance, " + instance);
		ok("update_item",
				Map.of("ref", report, "description", "IT", "recurring_scope", "this", "recurrence_id", instance));
		assertThat(ok("get_item", Map.of("item", report)).get("description").stringValue()).isEqualTo("IT");
		// a chore shows its cadence
		JsonNode chores = ok("list_items", Map.of("kind", "chore", "limit", 500));
		String plants = null;
		for (JsonNode row : chores) {
			plants = row.get("title").stringValue().equals("Water the plants") ? row.get("ref").stringValue() : plants;
		}
		assertThat(ok("get_item", Map.of("item", plants)).at("/recurrence/type").stringValue())
			.isEqualTo("every_n_days");

		// a title is no ref, nor an alias
		assertThat(error("get_item", Map.of("item", "Weekly report")))
			.contains("item: 'Weekly report' looks like a title, and a title is not a ref: find the item with "
					+ "search_items or list_items");
		assertThat(error("get_item", Map.of("item", "Weekly report", "as_alias", true)))
			.startsWith("item 'Weekly report': Deferno API error 404")
			.contains("a title is not a ref");

		// a subtask moved without its parent leaves it, and is told so
		JsonNode parent = ok("capture_item", Map.of("title", "IT move parent", "attend", false, "repeats", false));
		JsonNode child = ok("capture_item", Map.of("title", "IT move child", "attend", false, "repeats", false));
		String parentRef = parent.get("ref").stringValue();
		String childRef = child.get("ref").stringValue();
		assertThat(ok("move_item", Map.of("item_id", childRef, "new_parent_id", parentRef)).get("note").stringValue())
			.isEqualTo("Moved from the top level under " + parentRef + ", last.");
		assertThat(ok("move_item", Map.of("item_id", childRef, "position", 0)).get("note").stringValue())
			.isEqualTo("Moved out of its parent " + parent.get("id").stringValue() + " to the top level at position "
					+ "0 (to reorder it within that parent, pass it as new_parent_id).");

		// labels are replaced as a whole set: those that went are named
		ok("update_item", Map.of("ref", childRef, "labels", List.of("errand", "l6")));
		assertThat(ok("update_item", Map.of("ref", childRef, "labels", List.of("urgent"))).get("note").stringValue())
			.startsWith("labels replaced as a whole set: removed errand, l6; added urgent");
		ok("delete_item", Map.of("ref", childRef));
		ok("delete_item", Map.of("ref", parentRef));
	}

	private JsonNode ok(String tool, Map<String, Object> arguments) {
		ToolResult result = call(tool, arguments);
		assertThat(result.isError()).as("%s %s → %s", tool, arguments, text(result)).isFalse();
		return json.readTree(text(result));
	}

	private String error(String tool, Map<String, Object> arguments) {
		ToolResult result = call(tool, arguments);
		assertThat(result.isError()).as("%s %s → %s", tool, arguments, text(result)).isTrue();
		return text(result);
	}

	private ToolResult call(String tool, Map<String, Object> arguments) {
		this.called.add(tool);
		return this.mcp.call(tool, arguments);
	}

	private String resource(String uri) {
		return this.mcp.read(uri);
	}

	private static String text(ToolResult result) {
		return result.text();
	}

	/** The 2025-11-25 client: {@code initialize}, then one request per call. */
	private static SurfaceClient legacy(String baseUrl) {
		McpSyncClient client = McpClient
			.sync(HttpClientStreamableHttpTransport.builder(baseUrl).endpoint("/mcp").build())
			.requestTimeout(Duration.ofSeconds(30))
			.build();
		client.initialize();
		return new SurfaceClient() {

			@Override
			public ToolResult call(String tool, Map<String, Object> arguments) {
				CallToolResult result = client.callTool(new CallToolRequest(tool, arguments));
				return new ToolResult(Boolean.TRUE.equals(result.isError()),
						((TextContent) result.content().get(0)).text(),
						(result.content().size() > 1) ? ((TextContent) result.content().get(1)).text() : null);
			}

			@Override
			public String read(String uri) {
				return ((TextResourceContents) client.readResource(new ReadResourceRequest(uri)).contents().get(0))
					.text();
			}

			@Override
			public void close() {
				client.close();
			}

		};
	}

	/**
	 * The stateless 2026-07-28 client: every request carries its version, headers and
	 * {@code _meta}.
	 */
	private static SurfaceClient modern(String endpoint) {
		io.modelcontextprotocol.modern.client.McpSyncClient client = io.modelcontextprotocol.modern.client.McpClient
			.sync(HttpClientMcpTransport.builder(endpoint).build())
			.clientInfo(Implementation.builder("sandbox-surface-it", "1").build())
			.callTimeout(Duration.ofSeconds(30))
			.build();
		return new SurfaceClient() {

			@Override
			public ToolResult call(String tool, Map<String, Object> arguments) {
				io.modelcontextprotocol.modern.McpSchema.CallToolResult result = client.tool(tool)
					.arguments(arguments)
					.call();
				return new ToolResult(Boolean.TRUE.equals(result.isError()),
						((io.modelcontextprotocol.modern.McpSchema.TextContent) result.content().get(0)).text(),
						(result.content().size() > 1)
								? ((io.modelcontextprotocol.modern.McpSchema.TextContent) result.content().get(1))
									.text()
								: null);
			}

			@Override
			public String read(String uri) {
				return ((io.modelcontextprotocol.modern.McpSchema.TextResourceContents) client.resource(uri)
					.read()
					.contents()
					.get(0)).text();
			}

			@Override
			public void close() {
				// stateless: nothing to end
			}

		};
	}

	/**
	 * A tool's outcome as this test reads it, whatever the era; {@code note} is a second
	 * text item, or null.
	 */
	record ToolResult(boolean isError, String text, String note) {
	}

	/** One MCP client, in one era. */
	interface SurfaceClient {

		ToolResult call(String tool, Map<String, Object> arguments);

		String read(String uri);

		void close();

	}

	/** Alice's time zone in the sandbox's settings, a JSON string or null. */
	private static void saveTimeZone(String zone) throws Exception {
		HttpResponse<String> saved = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/api/auth/me/settings"))
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "application/json")
				.method("PATCH", HttpRequest.BodyPublishers.ofString("{\"time_zone\":" + zone + "}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
	}

}
