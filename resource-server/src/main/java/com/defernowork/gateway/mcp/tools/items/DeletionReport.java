package com.defernowork.gateway.mcp.tools.items;

import java.util.Map;

import tools.jackson.databind.JsonNode;

import com.defernowork.gateway.mcp.deferno.client.Payload;
import com.defernowork.gateway.mcp.deferno.refs.ResolvedRef;

/**
 * What {@code delete_item} tells the agent went: Deferno deletes a task with its whole
 * subtree and only archives a recurring item, and its answer (204) says neither.
 */
final class DeletionReport {

	private DeletionReport() {
	}

	/**
	 * @param item the item as looked up before the delete; its {@code children} count the
	 * direct subtasks (deeper ones would cost a call per subtask to count)
	 */
	static Map<String, Object> of(ResolvedRef ref, JsonNode item) {
		if (!ref.kind().equals("task")) {
			return Payload.create()
				.put("deleted", false)
				.put("archived", true)
				.put("id", ref.id())
				.put("kind", ref.kind())
				.put("note", (ref.kind().equals("event") ? "An " : "A ") + ref.kind()
						+ " is archived, not deleted: its occurrences, comments and history "
						+ "are kept and get_item still shows it (status archived); list_items leaves it out unless "
						+ "filtered by kind, status or date; update_item with status active restores it.")
				.map();
		}
		Payload report = Payload.create().put("deleted", true).put("id", ref.id()).put("kind", "task");
		JsonNode children = (item != null) ? item.get("children") : null;
		if (children == null || !children.isArray()) {
			return report
				.put("note",
						"Deleted for good with its whole subtree: every subtask at any depth, each with its "
								+ "comments, attachments and plan entries.")
				.map();
		}
		int direct = children.size();
		return report.put("direct_subtasks_deleted", direct)
			.put("note",
					(direct == 0) ? "Deleted for good with its comments, attachments and plan entries."
							: "Deleted for good with its whole subtree: its " + direct + " direct subtask"
									+ ((direct == 1) ? "" : "s")
									+ " and all of theirs, each with its comments, attachments " + "and plan entries.")
			.map();
	}

}
