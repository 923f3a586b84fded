package com.defernowork.gateway.mcp.catalog;

import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.PromptArgument;

import com.defernowork.gateway.mcp.text.Quotes;

/**
 * A {@code prompts/get}'s arguments, checked against the prompt's definition before its
 * text is written: no argument the prompt does not declare, every required one present,
 * none longer than {@value #MAX_LENGTH} characters, each text as a tool takes it
 * ({@link TextCheck}: well-formed, no control characters but tab and line breaks). An
 * empty string counts as absent (clients send one for a field left blank).
 */
public final class PromptArguments {

	/**
	 * Long enough for a page of notes, short enough that a prompt never becomes a way to
	 * ship megabytes.
	 */
	public static final int MAX_LENGTH = 10_000;

	private final Map<String, String> values;

	private PromptArguments(Map<String, String> values) {
		this.values = values;
	}

	/**
	 * The arguments, if they fit the prompt's definition.
	 * @throws PromptArgumentException naming what is wrong
	 */
	static PromptArguments check(Prompt prompt, Map<String, String> arguments) {
		Map<String, String> values = (arguments != null) ? arguments : Collections.emptyMap();
		List<PromptArgument> declared = (prompt.arguments() != null) ? prompt.arguments() : List.of();
		List<String> names = declared.stream().map(PromptArgument::name).toList();
		for (Map.Entry<String, String> entry : values.entrySet()) {
			if (!names.contains(entry.getKey())) {
				throw new PromptArgumentException(
						"Prompt " + prompt.name() + " has no argument '" + shortened(entry.getKey()) + "'; it takes "
								+ (names.isEmpty() ? "none" : String.join(", ", names)));
			}
			// characters (code points), as JSON Schema counts them: an emoji is one
			if (entry.getValue() != null
					&& entry.getValue().codePointCount(0, entry.getValue().length()) > MAX_LENGTH) {
				throw new PromptArgumentException(
						entry.getKey() + " is longer than " + MAX_LENGTH + " characters; send less at a time");
			}
			if (entry.getValue() != null) {
				try {
					TextCheck.check(entry.getKey(), entry.getValue(), true);
				}
				catch (ToolArgumentException ex) {
					throw new PromptArgumentException(ex.getMessage());
				}
			}
		}
		PromptArguments checked = new PromptArguments(values);
		for (PromptArgument argument : declared) {
			if (Boolean.TRUE.equals(argument.required()) && checked.optional(argument.name()) == null) {
				// the words of the SDK's own check, which the 2026-07-28 server runs
				// before this one
				throw new PromptArgumentException("Missing required argument: " + argument.name());
			}
		}
		return checked;
	}

	/** The argument's value, or {@code null} when it is absent or blank. */
	public String optional(String name) {
		String value = this.values.get(name);
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	/** A required argument's value ({@link #check} made sure there is one). */
	public String required(String name) {
		String value = optional(name);
		if (value == null) {
			throw new PromptArgumentException(name + " is required");
		}
		return value;
	}

	/**
	 * The argument as a day ({@code YYYY-MM-DD}, as the tools take it: {@link Days}), or
	 * {@code null} when it is absent.
	 */
	public LocalDate optionalDate(String name) {
		String value = optional(name);
		if (value == null) {
			return null;
		}
		LocalDate day = Days.parse(value);
		if (day == null) {
			throw new PromptArgumentException(
					Days.matches(value) ? name + " '" + value + "' is not on the calendar: " + Days.whyNoSuchDay(value)
							: name + " must be a day as YYYY-MM-DD; got '" + shortened(value) + "'");
		}
		return day;
	}

	private static String shortened(String value) {
		return Quotes.line(value, Quotes.SHORT);
	}

}
