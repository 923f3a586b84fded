package com.defernowork.gateway.mcp.deferno.projection;

import java.util.List;
import java.util.function.UnaryOperator;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Compact projection of a Deferno item: a whitelist, pick-if-present, in the
 * whitelist's order. Rows omit the body and what repeats another field ({@code type} is
 * {@code kind}; {@code org_slug} and {@code sequence} make up {@code ref}) but keep
 * {@code id}: {@code parent_id} is one, and an item argument given it is resolved without
 * a lookup unless its kind is needed. A single item keeps them all.
 */
public final class CompactProjection {

	/**
	 * What {@code list_items} sends as {@code $select}: the fields Deferno's own client
	 * selects (Deferno adds {@code kind}, {@code type}, {@code id}, {@code ref},
	 * {@code org_slug} and {@code sequence} to any selection).
	 */
	public static final List<String> CORE_FIELDS = List.of("kind", "type", "ref", "org_slug", "sequence", "title",
			"status", "complete_by", "parent_id", "labels");

	/** The fields of a list row ({@code list_items}, {@code search_items}). */
	public static final List<String> ROW_FIELDS = List.of("kind", "id", "ref", "title", "status", "complete_by",
			"parent_id", "labels");

	/**
	 * The fields of a row of the plan or the calendar: what a day is planned with. Its
	 * times of day are the clock of complete_by (see {@link #ITEM_FIELDS}); a calendar
	 * row of a recurring item is one occurrence, on {@code occurrence_date}, and its
	 * {@code today_occurrence} keeps only its {@code status}.
	 */
	public static final List<String> DAY_FIELDS = List.of("kind", "id", "ref", "title", "status", "complete_by",
			"deadline_time_of_day", "start_time_of_day", "end_time", "end_time_of_day", "occurrence_date",
			"today_occurrence");

	/**
	 * The fields of a single item. Its times of day are the clock of complete_by and
	 * end_time: without one, Deferno stores the end of the day (23:59:59 in the person's
	 * zone), which is no time the person gave. Whether it recurs is kept too: a Chore's,
	 * Habit's or Event's cadence ({@code recurrence}), and a recurring Task's
	 * {@code series_id} and {@code recurrence_id}, the instance update_item must name.
	 */
	public static final List<String> ITEM_FIELDS = List.of("kind", "type", "ref", "org_slug", "sequence", "title",
			"status", "complete_by", "deadline_time_of_day", "start_time_of_day", "end_time", "end_time_of_day",
			"recurrence", "series_id", "recurrence_id", "parent_id", "labels", "id", "pinned", "date_created",
			"description", "today_occurrence");

	private static final List<String> OCCURRENCE_FIELDS = List.of("status");

	private CompactProjection() {
	}

	public static JsonNode item(JsonNode item) {
		return pick(item, ITEM_FIELDS);
	}

	/**
	 * Each row of an array projected to {@link #ROW_FIELDS}; anything but an array is
	 * returned as it is.
	 */
	public static JsonNode rows(JsonNode rows) {
		return each(rows, (row) -> pick(row, ROW_FIELDS));
	}

	/**
	 * Each row of the plan or the calendar projected to {@link #DAY_FIELDS}; anything but
	 * an array is returned as it is.
	 */
	public static JsonNode dayRows(JsonNode rows) {
		return each(rows, (row) -> {
			JsonNode out = pick(row, DAY_FIELDS);
			if (out instanceof ObjectNode day && day.get("today_occurrence") instanceof ObjectNode occurrence) {
				day.set("today_occurrence", pick(occurrence, OCCURRENCE_FIELDS));
			}
			return out;
		});
	}

	private static JsonNode each(JsonNode rows, UnaryOperator<JsonNode> projection) {
		if (rows == null || !rows.isArray()) {
			return rows;
		}
		ArrayNode out = JsonNodeFactory.instance.arrayNode(rows.size());
		rows.values().forEach((row) -> out.add(projection.apply(row)));
		return out;
	}

	static JsonNode pick(JsonNode node, List<String> fields) {
		if (node == null || !node.isObject()) {
			return node;
		}
		ObjectNode out = JsonNodeFactory.instance.objectNode();
		for (String field : fields) {
			if (node.has(field)) {
				out.set(field, node.get(field));
			}
		}
		return out;
	}

}
