package com.defernowork.gateway.mcp.deferno.projection;

import java.util.Locale;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An item, or a list of item rows, in the tools' words: its {@code kind} in lower case
 * (Deferno's lists and plans say {@code task}, the answers of a capture, an update or a
 * conversion {@code Task}) and each {@code today_occurrence.status} as
 * {@link OccurrenceStatus} words it. Answers are fresh trees, so they are rewritten in
 * place.
 */
public final class ItemWords {

	private ItemWords() {
	}

	public static JsonNode of(JsonNode answer) {
		if (answer != null && answer.isArray()) {
			answer.values().forEach(ItemWords::rewrite);
		}
		else {
			rewrite(answer);
		}
		return answer;
	}

	private static void rewrite(JsonNode item) {
		if (item instanceof ObjectNode object) {
			if (object.get("kind") instanceof JsonNode kind && kind.isString()) {
				object.put("kind", kind.stringValue().toLowerCase(Locale.ROOT));
			}
			OccurrenceStatus.rewrite(object.get("today_occurrence"));
		}
	}

}
