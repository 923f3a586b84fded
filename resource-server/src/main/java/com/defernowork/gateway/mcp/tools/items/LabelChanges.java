package com.defernowork.gateway.mcp.tools.items;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Names the labels an update removed and added: labels are replaced as a whole set, and
 * an agent that sent only the new one would not otherwise learn that the others went.
 * Read from the lookup the update already made, so it costs no request; without labels in
 * both the lookup and the answer nothing is said.
 */
final class LabelChanges {

	private LabelChanges() {
	}

	/**
	 * {@code answer} with its {@code note} (after any note it has) naming the labels
	 * removed and added since {@code before}.
	 */
	static JsonNode noted(JsonNode before, JsonNode answer) {
		if (before == null || !(answer instanceof ObjectNode stored)) {
			return answer;
		}
		Set<String> was = labels(before.get("labels"));
		Set<String> now = labels(stored.get("labels"));
		if (was == null || now == null) {
			return answer;
		}
		List<String> removed = new ArrayList<>(was);
		removed.removeAll(now);
		List<String> added = new ArrayList<>(now);
		added.removeAll(was);
		if (removed.isEmpty() && added.isEmpty()) {
			return answer;
		}
		List<String> parts = new ArrayList<>();
		if (!removed.isEmpty()) {
			parts.add("removed " + String.join(", ", removed));
		}
		if (!added.isEmpty()) {
			parts.add("added " + String.join(", ", added));
		}
		String note = "labels replaced as a whole set: " + String.join("; ", parts)
				+ (removed.isEmpty() ? "" : " (to keep a label, send it with the others)");
		JsonNode earlier = stored.get("note");
		stored.put("note", (earlier != null && earlier.isString()) ? earlier.stringValue() + " " + note : note);
		return answer;
	}

	/** The labels of a list, in order; null when it is no list of strings. */
	private static Set<String> labels(JsonNode labels) {
		if (labels == null || !labels.isArray()) {
			return null;
		}
		Set<String> names = new LinkedHashSet<>();
		for (JsonNode label : labels) {
			if (!label.isString()) {
				return null;
			}
			names.add(label.stringValue());
		}
		return names;
	}

}
