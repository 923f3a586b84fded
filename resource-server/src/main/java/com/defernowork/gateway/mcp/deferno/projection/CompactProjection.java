package com.defernowork.gateway.mcp.deferno.projection;

import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Compact projection of a Deferno item: a whitelist, pick-if-present, in the
 * whitelist's order. List rows omit {@code id}, the body and {@code today_occurrence}; a
 * single item keeps them.
 */
public final class CompactProjection {

	/** The fields of a list row, also sent as {@code $select} by {@code list_items}. */
	public static final List<String> CORE_FIELDS = List.of("kind", "type", "ref", "org_slug", "sequence", "title",
			"status", "complete_by", "parent_id", "labels");

	/**
	 * The fields of a single item. Its times of day are the clock of complete_by and
	 * end_time: without one, Deferno stores the end of the day (23:59:59 in the person's
	 * zone), which is no time the person gave.
	 */
	public static final List<String> ITEM_FIELDS = List.of("kind", "type", "ref", "org_slug", "sequence", "title",
			"status", "complete_by", "deadline_time_of_day", "start_time_of_day", "end_time", "end_time_of_day",
			"parent_id", "labels", "id", "pinned", "date_created", "description", "today_occurrence");

	private CompactProjection() {
	}

	public static JsonNode item(JsonNode item) {
		return pick(item, ITEM_FIELDS);
	}

	/**
	 * Each row of an array projected to the core fields; anything but an array is
	 * returned as it is.
	 */
	public static JsonNode rows(JsonNode rows) {
		if (rows == null || !rows.isArray()) {
			return rows;
		}
		ArrayNode out = JsonNodeFactory.instance.arrayNode();
		rows.values().forEach((row) -> out.add(pick(row, CORE_FIELDS)));
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
