package com.defernowork.gateway.mcp.tools.plan;

import java.time.LocalDate;
import java.util.List;

import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.PromptArgument;

import com.defernowork.gateway.mcp.catalog.DefernoPrompt;
import com.defernowork.gateway.mcp.deferno.projection.OccurrenceStatus;
import com.defernowork.gateway.mcp.catalog.PromptArguments;

/**
 * {@code daily_review}: an end-of-day review over the plan tools. The model reads the
 * day's plan and the open tasks that are due, summarises, and proposes what to carry
 * over; it changes nothing until the person agrees.
 */
final class DailyReviewPrompt {

	static final String NAME = "daily_review";

	private DailyReviewPrompt() {
	}

	static DefernoPrompt prompt() {
		Prompt definition = Prompt.builder(NAME)
			.title("Daily review")
			.description("Review a day in Deferno: what was planned, what got done, what is still open or overdue, "
					+ "and what to carry over. Proposes changes and makes none until you agree.")
			.arguments(List.of(PromptArgument.builder("date")
				.title("Day")
				.description("The day to review, YYYY-MM-DD; default today in your time zone.")
				.required(false)
				.build()))
			.build();
		return new DefernoPrompt(definition, DailyReviewPrompt::text);
	}

	private static String text(PromptArguments arguments) {
		LocalDate date = arguments.optionalDate("date");
		String day = (date != null) ? date.toString() : "today";
		// whoami's today is the person's: a model's own date may be another zone's
		String today = (date != null) ? "" : "First call `whoami`: its `today` is my day, called today below.\n";
		String dateArgument = (date != null) ? " with date=\"" + date + "\"" : "";
		String nextDay = (date != null) ? "date=\"" + date.plusDays(1) + "\"" : "date set to the day after today";
		String dueBy = (date != null) ? "to_date=\"" + date + "\"" : "to_date set to today";
		return """
				Help me review my day in Deferno (%s).

				%s1. Call `get_daily_plan`%s. For a task read `status`; for a chore, habit or event read \
				`today_occurrence.status`: %s.
				2. Call `list_items` with kind="task" and %s to find the tasks that were due by then, and keep those \
				whose `status` is open, in-progress or in-review (started ones are overdue too); note the ones that \
				are not in the plan.
				3. Summarise in three short lists: done, still open, overdue.
				4. Propose, as one numbered list, what to carry over with `add_to_items_plan` (%s), which occurrences \
				to mark with `set_occurrence_status` (done or dropped; scheduled undoes a mark), and which events to move with \
				`reschedule_occurrence`.

				Change nothing yet. When I answer with the numbers to apply, apply exactly those and tell me what \
				each call returned."""
			.formatted(day, today, dateArgument, OccurrenceStatus.glossary(), dueBy, nextDay);
	}

}
