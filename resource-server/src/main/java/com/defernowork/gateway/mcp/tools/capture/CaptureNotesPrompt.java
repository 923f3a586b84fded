package com.defernowork.gateway.mcp.tools.capture;

import java.util.List;

import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.PromptArgument;

import com.defernowork.gateway.mcp.catalog.DefernoPrompt;
import com.defernowork.gateway.mcp.catalog.PromptArguments;

/**
 * {@code capture_notes}: free-form notes (a meeting, a brain dump) turned into Deferno
 * items through {@code capture_item}, after the person has seen and approved the list.
 */
final class CaptureNotesPrompt {

	static final String NAME = "capture_notes";

	private CaptureNotesPrompt() {
	}

	static DefernoPrompt prompt() {
		Prompt definition = Prompt.builder(NAME)
			.title("Capture notes")
			.description("Turn free-form notes (a meeting, a brain dump) into Deferno tasks, chores, habits and "
					+ "events. Shows the proposed items first and captures only what you approve.")
			.arguments(List.of(PromptArgument.builder("notes")
				.title("Notes")
				.description("The notes, one thought per line works best (at most " + PromptArguments.MAX_LENGTH
						+ " characters).")
				.required(true)
				.build()))
			.build();
		return new DefernoPrompt(definition, CaptureNotesPrompt::text);
	}

	private static String text(PromptArguments arguments) {
		return """
				Turn my notes below into Deferno items.

				1. Find every actionable thing in the notes; skip what is only information.
				2. For each, decide how it behaves, which is what `capture_item` asks: something to attend at a \
				time is an event (attend=true, complete_by is its start); a one-off is a task (repeats=false); \
				something repeating is a chore when I need to do it (obligation="need") and a habit when I want to \
				(obligation="want"), both with a recurrence and a complete_by. Keep titles short, in my words; put \
				detail in the description.
				3. Call `search_items` with a few words of each task's title and drop the ones I already have.
				4. Show me the proposed items as one numbered list (kind, title, when) and capture nothing yet.

				When I answer with the numbers to keep, call `capture_item` once per kept item and report each \
				created item's ref.

				My notes:
				<notes>
				%s
				</notes>""".formatted(arguments.required("notes"));
	}

}
