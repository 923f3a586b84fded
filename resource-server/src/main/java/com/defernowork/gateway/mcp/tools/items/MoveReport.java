package com.defernowork.gateway.mcp.tools.items;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import com.defernowork.gateway.mcp.text.Quotes;

/**
 * Says in move_item's answer what the move did to the item's parent: a move without
 * new_parent_id takes a subtask out of its parent to the top level, which the answer's
 * {@code parent_id} alone leaves for the agent to notice. Computed from the parent the
 * lookup of the item's ref answered (a UUID is not looked up: then only where it is now)
 * and the one the answer names.
 */
final class MoveReport {

	private MoveReport() {
	}

	/**
	 * {@code answer} with a {@code note} saying where the item went.
	 * @param lookedUp the item as its ref's lookup answered it, or null (a UUID)
	 * @param parentRef the new parent as the agent named it, or null (the top level)
	 * @param parentId the new parent's id, or null
	 * @param position the position sent, or null (last)
	 */
	static JsonNode noted(JsonNode lookedUp, JsonNode answer, String parentRef, String parentId, Integer position) {
		if (!(answer instanceof ObjectNode moved)) {
			return answer;
		}
		String now = (moved.has("parent_id")) ? id(moved.get("parent_id")) : parentId;
		String place = (position != null) ? " at position " + position : ", last";
		String where = (now == null) ? "to the top level" + place : "under "
				+ ((parentRef != null && now.equals(parentId)) ? Quotes.atMost(parentRef, Quotes.SHORT) : now) + place;
		String note;
		if (lookedUp == null || !lookedUp.has("parent_id")) {
			note = "Moved " + where + ".";
		}
		else {
			String was = id(lookedUp.get("parent_id"));
			if (was == null) {
				note = (now == null) ? "Stayed at the top level, now" + place.replaceFirst("^, ", " ") + "."
						: "Moved from the top level " + where + ".";
			}
			else if (was.equals(now)) {
				note = "Stayed under its parent " + where.substring("under ".length()) + ".";
			}
			else {
				note = "Moved out of its parent " + was + " " + where
						+ ((now == null) ? " (to reorder it within that parent, pass it as new_parent_id)" : "") + ".";
			}
		}
		moved.put("note", note);
		return answer;
	}

	private static String id(JsonNode value) {
		return (value != null && value.isString() && !value.stringValue().isEmpty()) ? value.stringValue() : null;
	}

}
