package com.defernowork.gateway.mcp.deferno.projection;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.Locale;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Occurrence statuses in the one vocabulary every tool answers with. Deferno words them
 * differently by route (occurrence lists {@code DoneOnTime}, {@code Missed}; an item's
 * {@code today_occurrence} {@code done_on_time}) and calls a chore's let-go day
 * {@code skipped} where the tools say {@code dropped}; the answers are rewritten here and
 * nowhere else. Answers are fresh trees, so they are rewritten in place.
 */
public final class OccurrenceStatus {

	/** Every word the tools answer with, and what it means to a person. */
	private static final Map<String, String> MEANINGS = meanings();

	/** Every word the tools answer with, in the order they are explained. */
	public static final List<String> WORDS = List.copyOf(MEANINGS.keySet());

	private OccurrenceStatus() {
	}

	/**
	 * Each word in backticks with its meaning, for descriptions and instructions: built
	 * here so no text can leave a word out or name one the tools never answer.
	 */
	public static String glossary() {
		return MEANINGS.entrySet()
			.stream()
			.map((entry) -> "`" + entry.getKey() + "` (" + entry.getValue() + ")")
			.collect(Collectors.joining(", "));
	}

	private static Map<String, String> meanings() {
		Map<String, String> meanings = new LinkedHashMap<>();
		meanings.put("scheduled", "open");
		meanings.put("in_progress", "open, started");
		meanings.put("done_on_time", "done");
		meanings.put("done_late", "done after its deadline");
		meanings.put("dropped", "let go for that day");
		meanings.put("missed", "an earlier day left open");
		return Collections.unmodifiableMap(meanings);
	}

	/**
	 * The tools' word for Deferno's: snake_case, {@code skipped} as {@code dropped}; a
	 * word Deferno adds later comes through in snake_case.
	 */
	public static String word(String deferno) {
		String snake = deferno.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
		return snake.equals("skipped") ? "dropped" : snake;
	}

	/** An occurrence, or a list of them, with its {@code status} in the tools' words. */
	public static JsonNode occurrences(JsonNode answer) {
		if (answer != null && answer.isArray()) {
			answer.values().forEach(OccurrenceStatus::rewrite);
		}
		else {
			rewrite(answer);
		}
		return answer;
	}

	static void rewrite(JsonNode occurrence) {
		if (occurrence instanceof ObjectNode object && object.get("status") instanceof JsonNode status
				&& status.isString()) {
			object.put("status", word(status.stringValue()));
		}
	}

}
