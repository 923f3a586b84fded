package com.defernowork.gateway.mcp.sandbox;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import com.defernowork.gateway.testsupport.McpAnswer;
import com.defernowork.gateway.testsupport.OneCalendarDay;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every tool of {@code tools/list}, called with bad arguments derived from its input
 * schema (each property given each wrong JSON type, required ones missing one at a time,
 * an unknown one, empty, too long, out-of-range, malformed dates, times, ids, refs and
 * enum values, deeply nested values, several spoiled at once), and with arguments of the
 * right shape that do not fit the item (a task blocking itself, February 30, a chore
 * given a task's field), against this resource server backed by the real
 * {@code deferno-sandbox}, in both protocol eras. Each must be answered with HTTP 200 and
 * an error an agent can act on: a tool result with {@code isError} (or a JSON-RPC
 * {@code -32602}), under 2 KB, without Java, stack frames or the sandbox's address, and a
 * ref Deferno did not find named by its argument; none of them may change the sandbox's
 * data, and the valid arguments each one spoiled must then be taken. Far dates and wide
 * ranges may be taken or refused, clearly. The random part is seeded ({@link #SEED});
 * every answer is written to {@code target/tool-arguments-fuzz.txt} for review.
 */
@OneCalendarDay
class ToolArgumentsFuzzIT extends SandboxTestBase {

	static final long SEED = 20261203L;

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private static final String LEGACY = "2025-11-25";

	private static final String MODERN = "2026-07-28";

	/** A Java class name (package and class), as an exception's text would carry it. */
	private static final Pattern JAVA_NAME = Pattern
		.compile("(?<![\\w.])(java|javax|jakarta|com|org|io|reactor|tools|sun)\\.[a-z][\\w$]*\\.[\\w.$]*");

	private static final Pattern UUID_FORM = Pattern.compile("[0-9a-fA-F-]{36}");

	private static final Pattern STACK_FRAME = Pattern.compile("(^|\\s)at [\\w$.]+\\(");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Random random = new Random(SEED);

	private int calls;

	/** Every answer, for whoever reads target/tool-arguments-fuzz.txt after a run. */
	private final List<String> answers = new ArrayList<>();

	@Test
	void everyToolWhenGivenBadArgumentsThenClearToolErrorAndNothingChanged() throws Exception {
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		Map<String, ObjectNode> valid = fixtures(today);
		JsonNode tools = send(LEGACY, "tools/list", null, json.readTree("{}")).path("result").path("tools");
		assertThat(tools.size()).isEqualTo(31);
		String before = snapshot(valid, today);

		List<Case> cases = new ArrayList<>();
		for (JsonNode tool : tools) {
			String name = tool.get("name").stringValue();
			ObjectNode arguments = valid.get(name);
			assertThat(arguments).as("valid arguments for %s", name).isNotNull();
			cases.addAll(badCases(name, tool.get("inputSchema"), arguments));
		}
		cases.addAll(randomCases(tools, valid, 200));
		cases.addAll(wrongForTheItem(valid, today));

		List<String> problems = new ArrayList<>();
		for (Case bad : cases) {
			for (String era : List.of(LEGACY, MODERN)) {
				String problem = problem(bad, era);
				if (problem != null) {
					problems.add(era + " " + bad.tool() + " " + bad.what() + ": " + problem);
				}
			}
		}
		SoftAssertions softly = new SoftAssertions();
		softly.assertThat(snapshot(valid, today))
			.as("the sandbox's data after %s bad calls", this.calls)
			.isEqualTo(before);

		// values that may be taken, or refused: either way a clear answer
		for (Case odd : extremes(valid)) {
			for (String era : List.of(LEGACY, MODERN)) {
				String problem = problem(odd, era);
				if (problem != null && !problem.startsWith("accepted: ")) {
					problems.add(era + " " + odd.tool() + " " + odd.what() + ": " + problem);
				}
			}
		}
		Files.write(Path.of("target", "tool-arguments-fuzz.txt"), this.answers);
		softly.assertThat(problems).as("of %s calls", this.calls).isEmpty();

		// each bad case spoiled valid arguments, deletes last
		List<String> refused = new ArrayList<>();
		List<String> order = new ArrayList<>(valid.keySet());
		order.sort(Comparator.comparing((tool) -> tool.startsWith("delete_")));
		for (String tool : order) {
			JsonNode result = send(LEGACY, "tools/call", tool,
					nodes.objectNode().put("name", tool).set("arguments", valid.get(tool)))
				.path("result");
			if (result.path("isError").asBoolean(true)) {
				refused.add(tool + " " + valid.get(tool) + " → " + result.path("content").path(0).path("text"));
			}
		}
		softly.assertThat(refused).as("valid arguments refused").isEmpty();
		softly.assertAll();
	}

	/**
	 * A task, a second one, a chore, an event, a comment and an attachment to aim at, and
	 * each tool's valid arguments with them: a bad case spoils one of these.
	 */
	private Map<String, ObjectNode> fixtures(LocalDate today) throws Exception {
		String task = ok("capture_item", "{\"title\":\"Fuzz task\",\"attend\":false,\"repeats\":false}").get("ref")
			.stringValue();
		String other = ok("capture_item", "{\"title\":\"Fuzz other\",\"attend\":false,\"repeats\":false}").get("ref")
			.stringValue();
		String promoted = ok("capture_item", "{\"title\":\"Fuzz promoted\",\"attend\":false,\"repeats\":false}")
			.get("ref")
			.stringValue();
		String converted = ok("capture_item", "{\"title\":\"Fuzz converted\",\"attend\":false,\"repeats\":false}")
			.get("ref")
			.stringValue();
		String chore = ok("capture_item",
				"{\"title\":\"Fuzz chore\",\"attend\":false,\"repeats\":true,\"obligation\":\"need\","
						+ "\"recurrence\":{\"type\":\"daily\"},\"complete_by\":\"" + today + "T18:00:00Z\"}")
			.get("ref")
			.stringValue();
		String weekday = today.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
		String event = ok("capture_item",
				"{\"title\":\"Fuzz event\",\"attend\":true,\"repeats\":true,\"recurrence\":{\"type\":\"weekly\","
						+ "\"days\":[\"" + weekday + "\"]},\"complete_by\":\"" + today + "T10:00:00Z\","
						+ "\"time_of_day\":\"10:00\"}")
			.get("ref")
			.stringValue();
		String comment = ok("post_item_comment", "{\"item_id\":\"" + task + "\",\"body\":\"fuzz note\"}").get("id")
			.stringValue();
		String day = today.toString();
		String later = today.plusDays(14).toString();
		ok("post_item_comment",
				"{\"item_id\":\"" + event + "\",\"body\":\"occurrence note\",\"date\":\"" + later + "\"}");
		JsonNode presign = ok("presign_item_attachments", "{\"item_id\":\"" + task
				+ "\",\"files\":[{\"filename\":\"a.txt\",\"content_type\":\"text/plain\",\"size_bytes\":5}]}");
		JsonNode upload = presign.has("attachments") ? presign.get("attachments").get(0) : presign.get(0);
		HttpResponse<String> put = this.http
			.send(HttpRequest.newBuilder(URI.create(upload.get("put_url").stringValue()))
				.header("Content-Type", "text/plain")
				.PUT(HttpRequest.BodyPublishers.ofString("hello"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(put.statusCode()).as(put.body()).isBetween(200, 204);
		ok("commit_item_attachments",
				"{\"item_id\":\"" + task + "\",\"intents\":[\"" + upload.get("attachment_id").stringValue() + "\"]}");
		String attachment = ok("list_item_attachments", "{\"item_id\":\"" + task + "\"}").get(0)
			.get("id")
			.stringValue();
		List<String> plan = new ArrayList<>();
		ok("get_daily_plan", "{\"date\":\"" + day + "\",\"tz\":\"UTC\"}")
			.forEach((row) -> plan.add("\"" + row.get("id").stringValue() + "\""));
		String alice = ok("whoami", "{}").get("id").stringValue();
		String acme = UUID.nameUUIDFromBytes("deferno-sandbox:org:acme".getBytes(StandardCharsets.UTF_8)).toString();

		Map<String, String> valid = new LinkedHashMap<>();
		valid.put("whoami", "{}");
		valid.put("capture_item",
				"{\"title\":\"Fuzz capture\",\"attend\":false,\"repeats\":true,\"obligation\":"
						+ "\"need\",\"recurrence\":{\"type\":\"monthly\",\"on\":{\"type\":\"day_of_month\",\"day\":3},"
						+ "\"end\":{\"type\":\"after_count\",\"n\":3}},\"complete_by\":\"" + day + "T18:00:00Z\","
						+ "\"time_of_day\":\"09:30\",\"description\":\"d\"}");
		valid.put("commit_item_attachments", "{\"item_id\":\"" + task
				+ "\",\"urls\":[{\"url\":\"https://example.com/x\",\"filename\":\"x\"}],\"date\":null}");
		valid.put("delete_comment", "{\"comment_id\":\"" + comment + "\"}");
		valid.put("delete_event_occurrence_comment", "{\"event_id\":\"" + event + "\",\"date\":\"" + later + "\"}");
		valid.put("delete_item_attachment", "{\"item_id\":\"" + task + "\",\"att_id\":\"" + attachment + "\"}");
		valid.put("list_item_attachments", "{\"item_id\":\"" + task + "\"}");
		valid.put("list_item_comments", "{\"item_id\":\"" + task + "\"}");
		valid.put("patch_event_occurrence_comment", "{\"event_id\":\"" + event + "\",\"date\":\"" + later
				+ "\",\"body\":\"patched\",\"is_private\":false}");
		valid.put("post_item_comment",
				"{\"item_id\":\"" + task + "\",\"body\":\"fuzz\",\"is_private\":false,\"date\":null}");
		valid.put("presign_item_attachments", "{\"item_id\":\"" + task
				+ "\",\"files\":[{\"filename\":\"b.txt\",\"content_type\":\"text/plain\",\"size_bytes\":5}]}");
		valid.put("set_item_attachment_caption",
				"{\"item_id\":\"" + task + "\",\"att_id\":\"" + attachment + "\",\"caption\":\"c\"}");
		valid.put("update_comment", "{\"comment_id\":\"" + comment + "\",\"body\":\"edited\",\"is_private\":false}");
		valid.put("convert_item", "{\"item_id\":\"" + converted + "\",\"to\":\"chore\",\"complete_by\":\"" + day
				+ "T18:00:00Z\",\"recurrence\":{\"type\":\"every_n_days\",\"n\":2}}");
		valid.put("delete_item", "{\"ref\":\"" + other + "\"}");
		valid.put("get_item", "{\"item\":\"" + task + "\",\"full\":true,\"as_alias\":false}");
		valid.put("get_item_history", "{\"item_id\":\"" + task + "\"}");
		valid.put("list_items", "{\"kind\":\"task\",\"status\":\"open\",\"from_date\":\"" + day + "\",\"to_date\":\""
				+ later + "\",\"limit\":10,\"full\":false}");
		valid.put("move_item", "{\"item_id\":\"" + other + "\",\"new_parent_id\":\"" + task + "\",\"position\":0}");
		valid.put("search_items", "{\"query\":\"fuzz\",\"status\":\"open\",\"label\":\"x\",\"from_date\":\"" + day
				+ "\",\"to_date\":\"" + later + "\",\"parent_id\":\"" + task + "\",\"full\":false}");
		valid.put("update_item",
				"{\"ref\":\"" + task + "\",\"title\":\"Fuzz task\",\"description\":\"d\",\"complete_by\":\"" + day
						+ "T18:00:00Z\",\"labels\":[\"a\"],\"status\":\"open\",\"assignee\":\"" + alice + "\","
						+ "\"productive\":0.5,\"desire\":0.5,\"blocked_by\":[{\"item\":\"" + other + "\"}]}");
		valid.put("list_occurrences",
				"{\"ref\":\"" + chore + "\",\"from_date\":\"" + day + "\",\"to_date\":\"" + later + "\"}");
		valid.put("reschedule_occurrence", "{\"ref\":\"" + event + "\",\"date\":\"" + today.plusDays(7)
				+ "\",\"new_date\":\"" + today.plusDays(8) + "\"}");
		valid.put("set_occurrence_status",
				"{\"ref\":\"" + chore + "\",\"date\":\"" + day + "\",\"status\":\"done\",\"cascade_subtasks\":false}");
		valid.put("add_to_items_plan", "{\"task_id\":\"" + task + "\",\"date\":\"" + day + "\",\"tz\":\"UTC\"}");
		// the plan whole: the snapshot reads it
		valid.put("get_daily_plan", "{\"date\":\"" + day + "\",\"tz\":\"UTC\",\"full\":true}");
		valid.put("get_items_calendar",
				"{\"start\":\"" + day + "\",\"end\":\"" + later + "\",\"tz\":\"UTC\",\"full\":false}");
		valid.put("remove_from_items_plan", "{\"task_id\":\"" + task + "\",\"date\":\"" + day + "\",\"tz\":\"UTC\"}");
		valid.put("reorder_items_plan",
				"{\"task_ids\":[" + String.join(",", plan.reversed()) + "],\"date\":\"" + day + "\",\"tz\":\"UTC\"}");
		valid.put("batch_tasks", "{\"operations\":[{\"op\":\"update\",\"task_id\":\"" + task
				+ "\",\"title\":\"Fuzz task\",\"status\":\"open\",\"productive\":0.5}]}");
		valid.put("promote_task", "{\"task_id\":\"" + promoted + "\",\"target_org_id\":\"" + acme + "\"}");
		Map<String, ObjectNode> arguments = new LinkedHashMap<>();
		valid.forEach((tool, text) -> arguments.put(tool, (ObjectNode) json.readTree(text)));
		return arguments;
	}

	/** What a bad call could have changed, as the tools read it. */
	private String snapshot(Map<String, ObjectNode> valid, LocalDate today) throws Exception {
		StringBuilder state = new StringBuilder();
		state.append(ok("list_items", "{\"limit\":500,\"full\":true}"));
		for (String tool : List.of("get_item", "list_item_comments", "list_item_attachments", "list_occurrences",
				"get_daily_plan", "get_item_history")) {
			state.append('\n').append(ok(tool, json.writeValueAsString(valid.get(tool))));
		}
		String event = valid.get("patch_event_occurrence_comment").get("event_id").stringValue();
		String other = valid.get("move_item").get("item_id").stringValue();
		state.append('\n').append(ok("get_item", "{\"item\":\"" + event + "\",\"full\":true}"));
		state.append('\n').append(ok("get_item", "{\"item\":\"" + other + "\",\"full\":true}"));
		state.append('\n')
			.append(ok("list_occurrences", "{\"ref\":\"" + event + "\",\"from_date\":\"" + today + "\",\"to_date\":\""
					+ today.plusDays(30) + "\"}"));
		return state.toString();
	}

	private List<Case> badCases(String tool, JsonNode schema, ObjectNode valid) {
		List<Case> cases = new ArrayList<>();
		ObjectNode unknown = valid.deepCopy();
		unknown.put("zz_unknown", 1);
		cases.add(new Case(tool, "unknown argument zz_unknown", unknown));
		ObjectNode deep = valid.deepCopy();
		deep.set("zz_deep", nested(300));
		cases.add(new Case(tool, "unknown argument with 300 levels", deep));
		mutateObject(tool, schema, valid, valid, "", cases);
		return cases;
	}

	/**
	 * Spoils each property of {@code object} (at {@code path} within the arguments) in
	 * turn, then the properties of the objects it holds.
	 */
	private void mutateObject(String tool, JsonNode schema, ObjectNode root, ObjectNode object, String path,
			List<Case> cases) {
		Map<String, JsonNode> properties = properties(schema, object);
		for (JsonNode required : schema.path("required")) {
			String name = required.stringValue();
			if (object.has(name)) {
				cases.add(new Case(tool, "missing " + path + name, with(root, path, (target) -> target.remove(name))));
			}
		}
		if (!path.isEmpty()) {
			cases.add(new Case(tool, path + "zz_unknown", with(root, path, (target) -> target.put("zz_unknown", "x"))));
		}
		properties.forEach((name, property) -> {
			for (Spoiled spoiled : spoil(name, property)) {
				cases.add(new Case(tool, path + name + " = " + abbreviate(spoiled.value().toString()),
						with(root, path, (target) -> target.set(name, spoiled.value())),
						(isLookedUp(name, property) && spoiled.value().isString()
								&& !UUID_FORM.matcher(spoiled.value().stringValue()).matches()) ? name : null));
			}
			JsonNode value = object.get(name);
			if (value != null && value.isObject()) {
				mutateObject(tool, property, root, (ObjectNode) value, path + name + "/", cases);
			}
			else if (value != null && value.isArray() && !value.isEmpty() && value.get(0).isObject()) {
				mutateObject(tool, property.path("items"), root, (ObjectNode) value.get(0), path + name + "/0/", cases);
			}
		});
	}

	/**
	 * The properties a schema gives an object: its own, and those of a branch
	 * ({@code allOf}'s {@code then}) that the object's {@code const} members select.
	 */
	private static Map<String, JsonNode> properties(JsonNode schema, ObjectNode object) {
		Map<String, JsonNode> properties = new LinkedHashMap<>();
		schema.path("properties").properties().forEach((p) -> properties.put(p.getKey(), p.getValue()));
		for (JsonNode branch : schema.path("allOf")) {
			boolean selected = true;
			for (var condition : branch.path("if").path("properties").properties()) {
				JsonNode constant = condition.getValue().get("const");
				selected &= constant != null && constant.equals(object.get(condition.getKey()));
			}
			if (selected) {
				branch.path("then").path("properties").properties().forEach((p) -> {
					if (!p.getValue().has("const")) {
						properties.put(p.getKey(), p.getValue());
					}
				});
			}
		}
		return properties;
	}

	/** Bad values for a property: none is what its schema and its tool take. */
	private static List<Spoiled> spoil(String name, JsonNode property) {
		List<String> types = new ArrayList<>();
		if (property.path("type").isArray()) {
			property.path("type").forEach((type) -> types.add(type.stringValue()));
		}
		else if (property.has("type")) {
			types.add(property.path("type").stringValue());
		}
		List<Spoiled> spoiled = new ArrayList<>();
		Map<String, JsonNode> wrong = new LinkedHashMap<>();
		wrong.put("string", nodes.stringNode("x"));
		wrong.put("number", nodes.numberNode(7.25));
		wrong.put("integer", nodes.numberNode(7));
		wrong.put("boolean", nodes.booleanNode(true));
		wrong.put("array", nodes.arrayNode().add("x"));
		wrong.put("object", nodes.objectNode().put("x", 1));
		wrong.put("null", nodes.nullNode());
		wrong.forEach((type, value) -> {
			boolean taken = types.contains(type) || (type.equals("integer") && types.contains("number"));
			if (!taken && !types.isEmpty()) {
				spoiled.add(new Spoiled(value));
			}
		});
		// the right type, a value it cannot hold
		if (types.contains("string")) {
			String format = property.path("format").asString("");
			if (property.path("minLength").asInt(0) > 0 || !format.isEmpty() || property.has("enum")
					|| property.has("pattern")) {
				spoiled.add(new Spoiled(nodes.stringNode("")));
				if (!types.contains("null")) {
					// blank clears a field that null clears
					spoiled.add(new Spoiled(nodes.stringNode("   ")));
				}
			}
			int max = property.path("maxLength").asInt(100_000);
			spoiled.add(new Spoiled(nodes.stringNode("y".repeat(max + 1))));
			spoiled.add(new Spoiled(nodes.stringNode("z".repeat(200_000))));
			switch (format) {
				case "date" -> List
					.of("2026-02-30", "2026-13-01", "26-01-01", "tomorrow", "2026-1-1", "2026-06-10T09:00:00Z",
							"+12026-01-01", "0000-00-00", "2026-06-10\n")
					.forEach((text) -> spoiled.add(new Spoiled(nodes.stringNode(text))));
				case "date-time" -> List
					.of("2026-06-10", "2026-06-10T25:00:00Z", "2026-02-30T09:00:00Z", "yesterday",
							"2026-06-10T09:00:00", "2026-06-10 09:00:00Z", "2026-06-10T09:00:00+25:00")
					.forEach((text) -> spoiled.add(new Spoiled(nodes.stringNode(text))));
				case "uuid" -> List.of("not-a-uuid", "00000000-0000-0000-0000-00000000000g", "../..")
					.forEach((text) -> spoiled.add(new Spoiled(nodes.stringNode(text))));
				case "uri" -> List.of("not a uri", "javascript:alert(1)", "file:///etc/passwd", "http://")
					.forEach((text) -> spoiled.add(new Spoiled(nodes.stringNode(text))));
				default -> {
				}
			}
			if (property.has("enum")) {
				String first = property.path("enum").get(0).asString("");
				for (String text : List.of("zzz", first.toUpperCase(Locale.ROOT), first + " ", "null")) {
					spoiled.add(new Spoiled(nodes.stringNode(text)));
				}
			}
			if (property.has("pattern")) {
				for (String text : List.of("25:00", "9:30", "ABC", "a b", "10:00\n")) {
					spoiled.add(new Spoiled(nodes.stringNode(text)));
				}
			}
			if (isRef(name, property)) {
				for (String text : List.of("..", "../../auth/me", "%2e%2e", "a/b", "a?b=1", "#", "#0", "#-1",
						"#99999999999999999999", "acme-0", "nosuchorg-1", "00000000-0000-0000-0000-000000000000",
						"https://evil.example/o/x/items/1", "https://app.defernowork.com/o/x/items/zz", "octo/none#1",
						"a\u0000b", "\ud83d\ude00", "\u202e")) {
					spoiled.add(new Spoiled(nodes.stringNode(text)));
				}
			}
			if (name.equals("tz")) {
				for (String text : List.of("Mars/Olympus", "UTC+99", "../../etc/localtime", "", "z".repeat(400))) {
					spoiled.add(new Spoiled(nodes.stringNode(text)));
				}
			}
		}
		if (types.contains("integer") || types.contains("number")) {
			JsonNode min = property.get("minimum");
			JsonNode max = property.get("maximum");
			if (min != null) {
				spoiled.add(new Spoiled(nodes.numberNode(min.asDouble() - 1)));
			}
			if (max != null) {
				spoiled.add(new Spoiled(nodes.numberNode(max.asDouble() + 1)));
			}
			spoiled.add(new Spoiled(nodes.numberNode(1e300)));
			spoiled.add(new Spoiled(nodes.numberNode(-1e300)));
			spoiled.add(new Spoiled(nodes.numberNode(new BigInteger("1" + "0".repeat(40)))));
			if (types.contains("integer") && !types.contains("number")) {
				spoiled.add(new Spoiled(nodes.numberNode(1.5)));
			}
			spoiled.add(new Spoiled(nodes.stringNode("1")));
		}
		if (types.contains("boolean")) {
			spoiled.add(new Spoiled(nodes.stringNode("true")));
			spoiled.add(new Spoiled(nodes.numberNode(1)));
		}
		if (types.contains("array")) {
			JsonNode items = property.path("items");
			ArrayNode badElement = nodes.arrayNode();
			badElement
				.add(items.path("type").asString("").equals("object") ? nodes.stringNode("x") : nodes.objectNode());
			spoiled.add(new Spoiled(badElement));
			spoiled.add(new Spoiled(nested(300)));
			if (property.path("minItems").asInt(0) > 0) {
				spoiled.add(new Spoiled(nodes.arrayNode()));
			}
			if (property.has("maxItems")) {
				ArrayNode many = nodes.arrayNode();
				for (int i = 0; i <= property.path("maxItems").asInt(); i++) {
					many.add(items.path("type").asString("").equals("object") ? nodes.objectNode()
							: nodes.stringNode("x" + i));
				}
				spoiled.add(new Spoiled(many));
			}
			if (items.path("type").asString("").equals("string")) {
				spoiled.add(new Spoiled(nodes.arrayNode().add("")));
				spoiled.add(new Spoiled(nodes.arrayNode().add("z".repeat(100_000))));
				if (isRef(name, property)) {
					spoiled.add(new Spoiled(nodes.arrayNode().add("..").add("a/b")));
				}
			}
		}
		if (types.contains("object")) {
			spoiled.add(new Spoiled(nodes.objectNode()));
			spoiled.add(new Spoiled(nodes.objectNode().set("type", nested(300))));
		}
		return spoiled;
	}

	/**
	 * A ref that is looked up before the call (any form but a UUID): Deferno's refusal of
	 * it must name the argument.
	 */
	private static boolean isLookedUp(String name, JsonNode property) {
		return isRef(name, property) && !List.of("comment_id", "att_id", "target_org_id", "task_ids").contains(name);
	}

	private static boolean isRef(String name, JsonNode property) {
		return name.equals("ref") || name.equals("item") || name.endsWith("_id") || name.equals("task_ids")
				|| property.path("description").asString("").startsWith("Any Ref form");
	}

	/**
	 * Arguments of the right shape that do not fit the item or each other: each must be
	 * refused.
	 */
	private static List<Case> wrongForTheItem(Map<String, ObjectNode> valid, LocalDate today) {
		String task = valid.get("get_item").get("item").stringValue();
		String chore = valid.get("list_occurrences").get("ref").stringValue();
		String event = valid.get("patch_event_occurrence_comment").get("event_id").stringValue();
		String day = today.toString();
		Map<String, String> cases = new LinkedHashMap<>();
		cases.put("update_item", "{\"ref\":\"" + task + "\",\"blocked_by\":[{\"item\":\"" + task + "\"}]}");
		cases.put("move_item", "{\"item_id\":\"" + task + "\",\"new_parent_id\":\"" + task + "\"}");
		cases.put("batch_tasks",
				"{\"operations\":[{\"op\":\"move\",\"task_id\":\"" + task + "\",\"new_parent_id\":\"" + task + "\"}]}");
		cases.put("capture_item",
				"{\"title\":\"x\",\"attend\":false,\"repeats\":true,\"obligation\":\"need\","
						+ "\"recurrence\":{\"type\":\"yearly\",\"month\":2,\"day\":30},\"complete_by\":\"" + day
						+ "T18:00:00Z\"}");
		cases.put("capture_item ", "{\"title\":\"x\",\"attend\":false,\"repeats\":true,\"obligation\":\"need\","
				+ "\"recurrence\":{\"type\":\"weekly\"}}");
		cases.put("capture_item  ", "{\"title\":\"x\",\"attend\":false,\"repeats\":true,\"obligation\":\"need\","
				+ "\"recurrence\":{\"type\":\"every_n_days\"}}");
		cases.put("capture_item   ", "{\"title\":\"x\",\"attend\":false,\"repeats\":true,\"obligation\":\"need\","
				+ "\"recurrence\":{\"type\":\"daily\",\"days\":[\"Mon\"]}}");
		cases.put("capture_item     ",
				"{\"title\":\"x\",\"attend\":false,\"repeats\":false," + "\"recurrence\":{\"type\":\"daily\"}}");
		cases.put("capture_item      ",
				"{\"title\":\"x\",\"attend\":false,\"repeats\":true,\"obligation\":\"need\","
						+ "\"recurrence\":{\"type\":\"daily\",\"end\":{\"type\":\"on_date\",\"date\":\"2001-01-01\"}},"
						+ "\"complete_by\":\"" + day + "T18:00:00Z\"}");
		cases.put("reschedule_occurrence", "{\"ref\":\"" + event + "\",\"date\":\"" + today.plusDays(7)
				+ "\",\"new_date\":\"" + today.plusDays(7) + "\"}");
		cases.put("reschedule_occurrence ", "{\"ref\":\"" + event + "\",\"date\":\"" + today.plusDays(1)
				+ "\",\"new_date\":\"" + today.plusDays(2) + "\"}");
		cases.put("set_occurrence_status", "{\"ref\":\"" + task + "\",\"status\":\"done\"}");
		cases.put("patch_event_occurrence_comment",
				"{\"event_id\":\"" + task + "\",\"date\":\"" + day + "\",\"body\":\"x\"}");
		cases.put("get_items_calendar", "{\"start\":\"" + today.plusDays(7) + "\",\"end\":\"" + day + "\"}");
		cases.put("list_occurrences",
				"{\"ref\":\"" + chore + "\",\"from_date\":\"" + today.plusDays(7) + "\",\"to_date\":\"" + day + "\"}");
		cases.put("commit_item_attachments",
				"{\"item_id\":\"" + task + "\",\"intents\":[\"" + "357f46ea-e236-4594-8802-2c010e4b465e" + "\"]}");
		cases.put("update_item ", "{\"ref\":\"" + chore + "\",\"productive\":0.5}");
		List<Case> wrong = new ArrayList<>();
		cases.forEach((tool, arguments) -> wrong
			.add(new Case(tool.strip(), "wrong for the item: " + arguments, (ObjectNode) json.readTree(arguments))));
		return wrong;
	}

	/** Far dates and wide ranges: taken or refused, never a failure. */
	private static List<Case> extremes(Map<String, ObjectNode> valid) {
		String chore = valid.get("list_occurrences").get("ref").stringValue();
		String event = valid.get("patch_event_occurrence_comment").get("event_id").stringValue();
		List<Case> cases = new ArrayList<>();
		for (String[] range : List.of(new String[] { "0001-01-01", "9999-12-31" },
				new String[] { "1970-01-01", "2200-01-01" }, new String[] { "9999-12-31", "9999-12-31" })) {
			String from = range[0];
			String to = range[1];
			Map<String, String> calls = new LinkedHashMap<>();
			calls.put("get_items_calendar", "{\"start\":\"" + from + "\",\"end\":\"" + to + "\"}");
			calls.put("list_occurrences",
					"{\"ref\":\"" + chore + "\",\"from_date\":\"" + from + "\",\"to_date\":\"" + to + "\"}");
			calls.put("list_occurrences ",
					"{\"ref\":\"" + event + "\",\"from_date\":\"" + from + "\",\"to_date\":\"" + to + "\"}");
			calls.put("list_items", "{\"from_date\":\"" + from + "\",\"to_date\":\"" + to + "\"}");
			calls.put("search_items", "{\"query\":\"fuzz\",\"from_date\":\"" + from + "\",\"to_date\":\"" + to + "\"}");
			calls.put("get_daily_plan", "{\"date\":\"" + to + "\"}");
			calls.forEach((tool, arguments) -> cases
				.add(new Case(tool.strip(), "extreme: " + arguments, (ObjectNode) json.readTree(arguments))));
		}
		return cases;
	}

	/** A few hundred calls with several arguments spoiled at once, from {@link #SEED}. */
	private List<Case> randomCases(JsonNode tools, Map<String, ObjectNode> valid, int count) {
		List<Case> cases = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			JsonNode tool = tools.get(this.random.nextInt(tools.size()));
			String name = tool.get("name").stringValue();
			ObjectNode arguments = valid.get(name).deepCopy();
			List<String> what = new ArrayList<>();
			List<Map.Entry<String, JsonNode>> properties = new ArrayList<>(
					tool.path("inputSchema").path("properties").properties());
			if (properties.isEmpty()) {
				continue;
			}
			for (int j = 0; j < 2; j++) {
				Map.Entry<String, JsonNode> property = properties.get(this.random.nextInt(properties.size()));
				List<Spoiled> spoiled = spoil(property.getKey(), property.getValue());
				Spoiled bad = spoiled.get(this.random.nextInt(spoiled.size()));
				arguments.set(property.getKey(), bad.value());
				what.add(property.getKey() + " = " + abbreviate(bad.value().toString()));
			}
			cases.add(new Case(name, "random " + i + " " + what, arguments));
		}
		return cases;
	}

	private static JsonNode nested(int depth) {
		JsonNode node = nodes.stringNode("x");
		for (int i = 0; i < depth; i++) {
			node = (i % 2 == 0) ? nodes.arrayNode().add(node) : nodes.objectNode().set("a", node);
		}
		return node;
	}

	private static ObjectNode with(ObjectNode root, String path, Consumer<ObjectNode> change) {
		ObjectNode copy = root.deepCopy();
		JsonNode target = copy;
		for (String step : path.split("/")) {
			if (!step.isEmpty()) {
				target = target.isArray() ? target.get(Integer.parseInt(step)) : target.get(step);
			}
		}
		change.accept((ObjectNode) target);
		return copy;
	}

	/** What is wrong with the answer to a bad call, or {@code null}. */
	private String problem(Case bad, String era) throws Exception {
		HttpResponse<String> response = post(era, "tools/call", bad.tool(),
				nodes.objectNode().put("name", bad.tool()).set("arguments", bad.arguments()));
		if (response.statusCode() != 200) {
			return "HTTP " + response.statusCode() + " " + abbreviate(response.body());
		}
		JsonNode message = json.readTree(McpAnswer.json(response));
		this.answers.add(era + " " + bad.tool() + " " + abbreviate(bad.what()) + " → " + (message.has("error")
				? message.path("error") : message.path("result").path("content").path(0).path("text")));
		if (message.has("error")) {
			int code = message.path("error").path("code").asInt();
			String text = message.path("error").path("message").asString("");
			return (code == -32602) ? unclear(text) : "JSON-RPC error " + code + " " + abbreviate(text);
		}
		JsonNode result = message.path("result");
		String text = result.path("content").path(0).path("text").asString("");
		if (!result.path("isError").asBoolean(false)) {
			return "accepted: " + abbreviate(text);
		}
		if (bad.ref() != null && text.startsWith("Deferno API error")) {
			return "does not name " + bad.ref() + ": " + abbreviate(text);
		}
		return unclear(text);
	}

	/** What keeps an error message from being one an agent can act on, or null. */
	private String unclear(String text) {
		if (text.isBlank()) {
			return "an empty message";
		}
		if (text.length() >= 2048) {
			return "a message of " + text.length() + " characters: " + abbreviate(text);
		}
		for (String leak : List.of("Exception", "127.0.0.1", "localhost", ":" + sandbox.port(),
				"unexpected server error", "Deferno failed", "Deferno answered 5", "API error 5", "Deferno's answer")) {
			if (text.contains(leak)) {
				return "'" + leak + "' in " + abbreviate(text);
			}
		}
		if (JAVA_NAME.matcher(text).find() || STACK_FRAME.matcher(text).find()) {
			return "Java in " + abbreviate(text);
		}
		return null;
	}

	private JsonNode ok(String tool, String arguments) throws Exception {
		JsonNode message = send(LEGACY, "tools/call", tool,
				nodes.objectNode().put("name", tool).set("arguments", json.readTree(arguments)));
		JsonNode result = message.path("result");
		String text = result.path("content").path(0).path("text").asString("");
		assertThat(result.path("isError").asBoolean(true)).as("%s %s → %s", tool, arguments, message).isFalse();
		return json.readTree(text);
	}

	private JsonNode send(String era, String method, String name, JsonNode params) throws Exception {
		HttpResponse<String> response = post(era, method, name, params);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json.readTree(McpAnswer.json(response));
	}

	private HttpResponse<String> post(String era, String method, String name, JsonNode params) throws Exception {
		this.calls++;
		ObjectNode body = nodes.objectNode().put("jsonrpc", "2.0").put("id", this.calls).put("method", method);
		ObjectNode withMeta = ((ObjectNode) params).deepCopy();
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/mcp"))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json, text/event-stream")
			.header("MCP-Protocol-Version", era);
		if (era.equals(MODERN)) {
			withMeta.set("_meta",
					nodes.objectNode()
						.put("io.modelcontextprotocol/protocolVersion", MODERN)
						.set("io.modelcontextprotocol/clientCapabilities", nodes.objectNode()));
			request.header("Mcp-Method", method);
			if (name != null) {
				request.header("Mcp-Name", name);
			}
		}
		body.set("params", withMeta);
		request.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body), StandardCharsets.UTF_8));
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String abbreviate(String text) {
		return (text.length() > 200) ? text.substring(0, 200) + "…" : text;
	}

	/** One bad call: the tool, what is wrong, and the arguments. */
	private record Case(String tool, String what, ObjectNode arguments, String ref) {

		Case(String tool, String what, ObjectNode arguments) {
			this(tool, what, arguments, null);
		}

	}

	private record Spoiled(JsonNode value) {
	}

}
