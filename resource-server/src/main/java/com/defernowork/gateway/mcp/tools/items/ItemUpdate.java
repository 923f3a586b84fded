package com.defernowork.gateway.mcp.tools.items;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import tools.jackson.databind.JsonNode;

import com.defernowork.gateway.mcp.deferno.client.DefernoCall;
import com.defernowork.gateway.mcp.deferno.client.DefernoClient;
import com.defernowork.gateway.mcp.deferno.client.Payload;
import com.defernowork.gateway.mcp.deferno.projection.OccurrenceStatus;
import com.defernowork.gateway.mcp.deferno.refs.RefResolver;
import com.defernowork.gateway.mcp.deferno.refs.ResolvedRef;
import com.defernowork.gateway.mcp.catalog.ToolArgumentException;
import com.defernowork.gateway.mcp.catalog.ToolArguments;

import static com.defernowork.gateway.mcp.deferno.client.UriEncoding.encode;

/**
 * {@code update_item}: every argument checked and every ref parsed before any HTTP, then
 * the item resolved with its kind, kind rules enforced, the recurring-task scope guard,
 * one PATCH.
 */
final class ItemUpdate {

	static final List<String> SHARED_FIELDS = List.of("title", "description", "complete_by", "labels", "recurrence",
			"end_time");

	static final List<String> TASK_FIELDS = List.of("status", "assignee", "productive", "desire", "recurring_scope",
			"recurrence_id", "recurring_type", "blocked_by");

	static final List<String> TASK_STATUSES = List.of("open", "in-progress", "in-review", "done", "dropped", "pruned");

	private final DefernoClient client;

	private final RefResolver refs;

	ItemUpdate(DefernoClient client, RefResolver refs) {
		this.client = client;
		this.refs = refs;
	}

	Object apply(ToolArguments args) {
		String ref = args.requiredString("ref");
		Payload body = checkedFields(args);
		List<Map<String, Object>> blockers = blockers(args);
		this.refs.parse("ref", ref);
		if (blockers != null) {
			blockers.forEach((b) -> this.refs.parse("blocked_by.item", (String) b.get("item")));
		}
		ResolvedRef item = this.refs.resolveWithKind("ref", ref);
		checkKind(item.kind(), body);
		if (blockers != null) {
			List<Map<String, Object>> wire = new ArrayList<>();
			for (Map<String, Object> blocker : blockers) {
				Map<String, Object> edge = new LinkedHashMap<>();
				edge.put("item", this.refs.resolve("blocked_by.item", (String) blocker.get("item")));
				edge.put("occurrence", blocker.get("occurrence"));
				wire.add(edge);
			}
			body.put("blocked_by", wire);
		}
		if (item.kind().equals("task") && needsScope(body) && isRecurringTask(item.id())) {
			throw new ToolArgumentException("This is a recurring task. Please specify recurring_scope: 'this' "
					+ "(single instance), 'following' (this and future events), or 'all' (entire series). Ask the user "
					+ "which option they prefer.");
		}
		// a chore's today_occurrence in Deferno's words ("skipped") would contradict
		// list_occurrences
		return OccurrenceStatus.todayOccurrences(
				this.client.call(DefernoCall.patch("/" + item.kind() + "s/" + encode(item.id()), body.map())));
	}

	private static Payload checkedFields(ToolArguments args) {
		Payload body = Payload.create();
		if (args.has("title")) {
			String title = args.optionalString("title");
			if (title == null || title.isBlank()) {
				throw new ToolArgumentException("title cannot be blank or cleared");
			}
			body.put("title", title);
		}
		putIfSent(args, body, "description", args::optionalString);
		putIfSent(args, body, "complete_by", args::optionalDateTime);
		putIfSent(args, body, "labels", args::optionalStringList);
		putIfSent(args, body, "recurrence", args::optionalObject);
		putIfSent(args, body, "end_time", args::optionalDateTime);
		putIfSent(args, body, "status", (n) -> args.optionalEnum(n, TASK_STATUSES));
		putIfSent(args, body, "assignee", args::optionalString);
		putIfSent(args, body, "productive", (n) -> unit(args, n));
		putIfSent(args, body, "desire", (n) -> unit(args, n));
		putIfSent(args, body, "recurring_scope", (n) -> args.optionalEnum(n, List.of("this", "following", "all")));
		putIfSent(args, body, "recurrence_id", args::optionalString);
		putIfSent(args, body, "recurring_type", (n) -> args.optionalEnum(n, List.of("chore", "habit", "event")));
		if (args.has("blocked_by")) {
			// placeholder so kind checks see it; replaced by the resolved edges (or kept
			// null = clear all)
			body.put("blocked_by", (args.raw("blocked_by") == null) ? null : List.of());
		}
		Object scope = body.map().get("recurring_scope");
		if (("this".equals(scope) || "following".equals(scope)) && body.map().get("recurrence_id") == null) {
			throw new ToolArgumentException(
					"recurring_scope '" + scope + "' also needs recurrence_id, the ISO start " + "of the instance");
		}
		if (body.isEmpty()) {
			throw new ToolArgumentException("nothing to update: pass at least one field to change");
		}
		return body;
	}

	private static Double unit(ToolArguments args, String name) {
		Double value = args.optionalNumber(name);
		if (value != null && (value < 0 || value > 1)) {
			throw new ToolArgumentException(name + " must be between 0 and 1");
		}
		return value;
	}

	private static void putIfSent(ToolArguments args, Payload body, String name,
			java.util.function.Function<String, Object> reader) {
		if (args.has(name)) {
			body.put(name, reader.apply(name));
		}
	}

	/**
	 * {@code null} when blocked_by was not sent; a sent {@code null} or {@code []} clears
	 * (sent as is).
	 */
	private static List<Map<String, Object>> blockers(ToolArguments args) {
		if (!args.has("blocked_by") || args.raw("blocked_by") == null) {
			return null;
		}
		List<Map<String, Object>> list;
		try {
			list = args.optionalObjectList("blocked_by");
		}
		catch (ToolArgumentException ex) {
			throw blockerShape();
		}
		for (Map<String, Object> blocker : list) {
			if (!(blocker.get("item") instanceof String item) || item.isBlank()) {
				throw blockerShape();
			}
			Object occurrence = blocker.get("occurrence");
			if (occurrence != null && !(occurrence instanceof String)) {
				throw blockerShape();
			}
			if (occurrence != null) {
				new ToolArguments(Map.of("blocked_by.occurrence", occurrence)).optionalDate("blocked_by.occurrence");
			}
		}
		return list;
	}

	private static ToolArgumentException blockerShape() {
		return new ToolArgumentException(
				"each blocked_by entry must be {\"item\": <ref>, \"occurrence\"?: \"YYYY-MM-DD\"}");
	}

	private static void checkKind(String kind, Payload body) {
		if (!ItemReadTools.KINDS.contains(kind)) {
			throw new ToolArgumentException("cannot update a " + kind);
		}
		if (!kind.equals("task")) {
			TreeSet<String> taskOnly = new TreeSet<>();
			TASK_FIELDS.stream().filter(body::containsKey).forEach(taskOnly::add);
			if (!taskOnly.isEmpty()) {
				throw new ToolArgumentException(String.join(", ", taskOnly) + " apply only to a Task (this is a " + kind
						+ "); use the occurrence tools to act on a recurring occurrence");
			}
		}
		if (body.containsKey("end_time") && !kind.equals("event")) {
			throw new ToolArgumentException("end_time applies only to an Event (this is a " + kind + ")");
		}
		if (body.containsKey("recurrence") && kind.equals("task")) {
			throw new ToolArgumentException("recurrence does not apply to a Task (Tasks are non-recurring); use "
					+ "convert_item to turn it into a Chore, Habit or Event");
		}
	}

	private static boolean needsScope(Payload body) {
		return !body.containsKey("recurring_scope") && (body.containsKey("title") || body.containsKey("description")
				|| body.containsKey("labels") || body.containsKey("complete_by"));
	}

	private boolean isRecurringTask(String id) {
		JsonNode task = this.client.get("/tasks/" + encode(id));
		JsonNode series = (task != null) ? task.get("series_id") : null;
		return series != null && !series.isNull() && !(series.isString() && series.stringValue().isEmpty())
				&& !(series.isBoolean() && !series.booleanValue());
	}

}
