package com.defernowork.gateway.mcp.tools.items;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tells the agent when an event's end this update moved may have replaced a change made
 * between the read it was moved from and the write. Deferno has no conditional write;
 * what it has is the item's history ({@code actions}, each a kind and a time, in both the
 * read and the write's answer), which names neither the field changed nor who changed it.
 * So an entry more than the write's own between the two is told as a change that may have
 * been replaced, never as one that was; without a history in both, nothing is said.
 */
final class EditsBetween {

	private EditsBetween() {
	}

	/**
	 * {@code answer} with a {@code note} when the history grew by more than this write's
	 * entry since {@code move}'s read.
	 */
	static JsonNode noted(EventEnd.Move move, JsonNode answer) {
		if (move.read() == null || move.fields().isEmpty() || !(answer instanceof ObjectNode stored)) {
			return answer;
		}
		List<JsonNode> added = added(move.read().get("actions"), stored.get("actions"));
		if (added == null || added.size() < 2) {
			return answer;
		}
		stored.put("note", note(added, move, stored));
		return answer;
	}

	/**
	 * The entries of {@code after} beyond those of {@code before}, alike ones counted
	 * each; null when either is not a list.
	 */
	private static List<JsonNode> added(JsonNode before, JsonNode after) {
		if (before == null || !before.isArray() || after == null || !after.isArray()) {
			return null;
		}
		List<JsonNode> added = new ArrayList<>();
		after.forEach(added::add);
		// one alike entry each: two edits in one instant read alike
		before.forEach(added::remove);
		return added;
	}

	private static String note(List<JsonNode> added, EventEnd.Move move, JsonNode stored) {
		List<String> entries = added.stream()
			.map((entry) -> entry.path("kind").asString("?") + " at " + entry.path("at").asString("?"))
			.toList();
		boolean day = move.fields().containsKey("complete_by");
		String what = (day) ? "day and end" : "end";
		return "Another change reached this event between this update's read of it and its write: Deferno's history "
				+ "gained " + added.size() + " entries (" + String.join(", ", entries) + ") where this write adds "
				+ "one, and names neither the fields changed nor who changed them. This update moved the " + what
				+ " with the start from the times it read (" + times(move.read()) + "); now stored: " + times(stored)
				+ ". If the other change set the " + ((day) ? "day or end" : "end") + ", it was replaced: check the "
				+ "event's times with the user, and if they differ set them with update_item ("
				+ ((day) ? "complete_by, time_of_day, " : "") + "end_time).";
	}

	private static String times(JsonNode event) {
		return "complete_by " + event.path("complete_by").asString("?") + ", start_time_of_day "
				+ event.path("start_time_of_day").asString("none") + ", end_time "
				+ event.path("end_time").asString("?");
	}

}
