package com.defernowork.gateway.mcp.server;

import com.defernowork.gateway.mcp.deferno.projection.OccurrenceStatus;

/**
 * The {@code instructions} an MCP client shows its model: how to use this server's tools
 * well.
 */
final class ServerInstructions {

	static final String TEXT = """
			Tools for a person's Deferno account (tasks, chores, habits, events, daily plan). You act as the signed-in \
			person; sign-in is the MCP client's standard OAuth flow, so if a call fails with "not authenticated" or \
			Deferno answers 401, the client must sign in again. Call `whoami` first to confirm whose account this is.

			Reading: `get_daily_plan` is the best answer to "what should I work on today"; `list_items` indexes items \
			(filter by kind, status, complete_by range; `limit` up to 500; unfiltered lists leave out long-done and archived items unless `window="all"`), \
			`search_items` does full-text search over tasks, `get_item` gives one item in detail, `get_items_calendar` \
			a date range. Item reads (`get_item`, `list_items`, `search_items`), the plan and the calendar return a \
			Compact projection (a small whitelist of fields; rows drop the body, and a row's `id` is what another's \
			`parent_id` names) — pass `full=true` for the whole record.

			Creating: `capture_item` only. Say how the thing behaves and the server derives the kind: `attend=true` \
			→ Event (needs `complete_by`, its day, `time_of_day` for its start time, and `recurrence` when it repeats); not repeating → Task; \
			repeating with `obligation="need"` → Chore, with `"want"` → Habit (both need `recurrence` and \
			`complete_by`). For a subtask, capture then `move_item`; for scores or other fields, capture then \
			`update_item`. `convert_item` changes a kind later.

			Changing: `update_item` (any kind; task-only fields such as `assignee` or `blocked_by` are refused on other kinds), \
			`delete_item` (a task is deleted for good with all its subtasks at every depth; chores/habits/events are \
			only archived), `move_item` (reparent/reorder), \
			`batch_tasks` (several task updates/moves atomically). A recurring task asks for `recurring_scope` \
			(`this`, `following`, `all`) — ask the user which; `this`/`following` also take the task's own \
			`recurrence_id`, which `get_item` shows. Plan: `add_to_items_plan`, `remove_from_items_plan`, \
			`reorder_items_plan`. Every plan tool acts on `date`, else today in `tz`, else today in the person's saved \
			time zone (Deferno's day); give them all the same `date` or `tz`.

			Recurring kinds: their own `status` is `active`, `in-review` or `archived`, never done. Read today's done-ness from \
			`today_occurrence.status`. An occurrence status reads the same in every tool: %s (`dropped` is what \
			`set_occurrence_status` sets with `dropped`); a Habit's occurrences in `list_occurrences` are \
			`{date, done}`. Act on occurrences with `list_occurrences`, `set_occurrence_status` (`in_progress`, \
			`done`, `dropped`; without `date` only for a Chore, and then each call marks its earliest open occurrence, \
			a missed one included, so \
			check with `list_occurrences` before repeating one) and `reschedule_occurrence` \
			(events only today).

			Identifiers: every item argument accepts any Ref form — a UUID, `#123` or `123` (your personal org), a \
			canonical ref `acme-123` (any org), an app URL `…/o/<org>/items/<n or uuid>`, or `owner/repo#N` — and is \
			resolved before anything is written; an unrecognised form is refused without a write. Comment and attachment \
			ids are raw ids.

			Activity: `post_item_comment`, `list_item_comments`, `presign_item_attachments` → upload with the returned \
			URL → `commit_item_attachments`, `list_item_attachments`, `delete_item_attachment`, \
			`set_item_attachment_caption`; pass `date` to target one Event occurrence. Edit or delete any comment by \
			its id (an item's or an occurrence's, from `list_item_comments`) with `update_comment` / \
			`delete_comment`; the first comment of an Event occurrence by its date with \
			`patch_event_occurrence_comment` / `delete_event_occurrence_comment`.

			Errors come back as tool results with isError=true and say what to change; Deferno's own errors read \
			`Deferno API error <status> [<code>]: <message>`."""
		.formatted(OccurrenceStatus.glossary());

	private ServerInstructions() {
	}

}
