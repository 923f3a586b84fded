package com.defernowork.gateway.mcp.tools.occurrences;

import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import com.defernowork.gateway.mcp.deferno.client.DefernoApiException;
import com.defernowork.gateway.mcp.deferno.client.DefernoCall;
import com.defernowork.gateway.mcp.deferno.client.DefernoClient;
import com.defernowork.gateway.mcp.deferno.client.Payload;
import com.defernowork.gateway.mcp.deferno.client.QueryString;
import com.defernowork.gateway.mcp.deferno.client.SavedTimeZone;
import com.defernowork.gateway.mcp.deferno.client.UnknownRoute;
import com.defernowork.gateway.mcp.deferno.projection.OccurrenceStatus;
import com.defernowork.gateway.mcp.deferno.refs.RefResolver;
import com.defernowork.gateway.mcp.deferno.refs.ResolvedRef;
import com.defernowork.gateway.mcp.catalog.DateRange;
import com.defernowork.gateway.mcp.catalog.DefernoTool;
import com.defernowork.gateway.mcp.catalog.ToolArgumentException;
import com.defernowork.gateway.mcp.catalog.ToolFactory;
import com.defernowork.gateway.mcp.catalog.ToolProvider;
import com.defernowork.gateway.model.scope.Scopes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static com.defernowork.gateway.mcp.deferno.client.UriEncoding.encode;

/**
 * Occurrences of the recurring kinds (Chore, Habit, Event). Speaks the newer Deferno
 * forms first (chore {@code skipped}, {@code mark-next-done} with {@code action},
 * explicit {@code from}/{@code to}) and falls back to the older ones only when the
 * backend's refusal names the new body's shape.
 */
@Component
class OccurrenceTools implements ToolProvider {

	static final List<String> STATUSES = List.of("in_progress", "done", "dropped", "scheduled");

	/**
	 * Days either side of today listed when the agent gives no range (Deferno requires
	 * one).
	 */
	static final int DEFAULT_WINDOW_DAYS = 30;

	/** The most days after from_date that to_date may be: Deferno refuses more. */
	static final int MAX_RANGE_DAYS = 366;

	private static final LocalDate FIRST_DAY = LocalDate.of(1, 1, 1);

	private static final LocalDate LAST_DAY = LocalDate.of(9999, 12, 31);

	private final ToolFactory factory;

	private final DefernoClient client;

	private final RefResolver refs;

	private final Clock clock;

	@Autowired
	OccurrenceTools(ToolFactory factory, DefernoClient client, RefResolver refs) {
		this(factory, client, refs, Clock.systemUTC());
	}

	OccurrenceTools(ToolFactory factory, DefernoClient client, RefResolver refs, Clock clock) {
		this.factory = factory;
		this.client = client;
		this.refs = refs;
		this.clock = clock;
	}

	@Override
	public List<DefernoTool> tools() {
		return List.of(listOccurrences(), setOccurrenceStatus(), rescheduleOccurrence());
	}

	DefernoTool listOccurrences() {
		return this.factory.tool("occurrences", "list_occurrences")
			.title("List occurrences")
			.description("Occurrences of a Chore, Habit or Event (any Ref form) between from_date and to_date "
					+ "(inclusive, YYYY-MM-DD). Without a range: " + DEFAULT_WINDOW_DAYS
					+ " days either side of the user's today (whoami's); with one end only: "
					+ (2 * DEFAULT_WINDOW_DAYS) + " days from it; to_date at most " + MAX_RANGE_DAYS
					+ " days after from_date (Deferno's limit). "
					+ "Rows as Deferno keeps them: a Chore's and an Event's with their day and a status " + "(one of "
					+ OccurrenceStatus.glossary() + "), an Event's also with its comments, attachments "
					+ "and reschedule marks; a Habit's with their day and whether it was done.")
			.scope(Scopes.TASKS_READ)
			.readOnly()
			.handler((args) -> {
				String ref = args.requiredString("ref");
				DateRange range = args.optionalDateRange("from_date", "to_date");
				LocalDate from = date(range.from());
				LocalDate to = date(range.to());
				if (from == null && to == null) {
					// the person's today, as whoami and the day-reading tools have it
					LocalDate today = LocalDate.now(this.clock.withZone(SavedTimeZone.of(this.client)));
					from = today.minusDays(DEFAULT_WINDOW_DAYS);
					to = today.plusDays(DEFAULT_WINDOW_DAYS);
				}
				else if (from == null) {
					// not before the calendar a date argument can name either
					from = to.minusDays(2 * DEFAULT_WINDOW_DAYS);
					from = from.isBefore(FIRST_DAY) ? FIRST_DAY : from;
				}
				else if (to == null) {
					// not past the calendar a date argument can name: each listed date
					// must be one the agent can send back
					to = from.plusDays(2 * DEFAULT_WINDOW_DAYS);
					to = to.isAfter(LAST_DAY) ? LAST_DAY : to;
				}
				long days = ChronoUnit.DAYS.between(from, to);
				if (days > MAX_RANGE_DAYS) {
					throw new ToolArgumentException("from_date " + from + " to to_date " + to + " spans " + days
							+ " days, and Deferno lists at most " + MAX_RANGE_DAYS
							+ " days of occurrences at once: ask " + "for a year or less per call");
				}
				ResolvedRef item = recurring("list_occurrences", ref);
				return OccurrenceStatus.occurrences(occurrencesOf(item, from, to));
			});
	}

	DefernoTool setOccurrenceStatus() {
		return this.factory.tool("occurrences", "set_occurrence_status")
			.title("Set occurrence status")
			.description("Mark one occurrence of a Chore, Habit or Event (any Ref form) in_progress, done (default) or "
					+ "dropped (refused for that day), or scheduled (with date) to undo that: the day is as the "
					+ "series has it again, and an Event occurrence moved there by reschedule_occurrence returns to "
					+ "its own day (the answer is that day's occurrence). date YYYY-MM-DD targets that occurrence, and repeating such a "
					+ "call changes nothing more. Without date only a Chore is accepted and each call marks its "
					+ "earliest open occurrence after the last one done or dropped, a missed one from an earlier day "
					+ "included (the answer's date says which, and its note when it was a missed one; pass date to "
					+ "choose): a repeated call marks a later occurrence too, so after a failure or timeout "
					+ "check with list_occurrences before calling again. cascade_subtasks (with a date) also resolves "
					+ "the occurrence's open subtasks, and the answer lists them (subtasks_resolved); without it "
					+ "Deferno refuses while any is open, and the refusal names them. A Habit's day is "
					+ "done or not: dropped clears its check-in and in_progress is a no-op. A Chore or Event answers "
					+ "the occurrence in list_occurrences' words (done reads back done_on_time, or done_late for a "
					+ "Chore done after its day: an Event is never late; dropped as dropped); a Habit answers "
					+ "Deferno's check-in.")
			.scope(Scopes.TASKS_WRITE)
			// replaces the occurrence's status, and with cascade_subtasks those of its
			// open subtasks
			.destructive()
			// not idempotent: without a date every call moves on to the next occurrence
			.handler((args) -> {
				String ref = args.requiredString("ref");
				String status = args.optionalString("status");
				if (status == null) {
					status = "done";
				}
				if (!STATUSES.contains(status)) {
					throw new ToolArgumentException("status must be one of " + String.join(", ", STATUSES));
				}
				String date = args.optionalDate("date");
				boolean cascade = args.bool("cascade_subtasks", false);
				if (status.equals("scheduled")) {
					if (date == null || cascade) {
						throw new ToolArgumentException("scheduled undoes what was set on one occurrence: it takes "
								+ "its date (list_occurrences shows it) and no cascade_subtasks");
					}
					return clear(recurring("set_occurrence_status", ref), date);
				}
				JsonNode found = this.refs.item("ref", ref);
				ResolvedRef item = recurring("set_occurrence_status", ResolvedRef.of(found));
				String resolvedAs = subtasksBecome(item.kind(), status);
				// the subtasks a cascade resolves, read while they are still open
				OpenSubtasks open = (cascade && resolvedAs != null && date != null)
						? OpenSubtasks.of(this.client, found) : OpenSubtasks.NONE;
				try {
					return open.listedIn(switch (item.kind()) {
						case "chore" -> setChore(item.id(), date, status, cascade);
						case "habit" -> setHabit(item.id(), date, status, cascade);
						default -> setEvent(item.id(), date, status, cascade);
					}, resolvedAs);
				}
				catch (DefernoApiException ex) {
					// Deferno counts the open subtasks without naming them
					boolean forSubtasks = ex.status() == 409 && !cascade && resolvedAs != null && ex.detail() != null
							&& ex.detail().contains("cascade_subtasks");
					throw forSubtasks ? OpenSubtasks.of(this.client, found).refusal(ex, resolvedAs) : ex;
				}
			});
	}

	/**
	 * What Deferno makes of the open subtasks of an occurrence set to this status;
	 * {@code null}: they are left as they are (in_progress, a Habit's cleared check-in).
	 */
	private static String subtasksBecome(String kind, String status) {
		if (status.equals("in_progress") || (kind.equals("habit") && status.equals("dropped"))) {
			return null;
		}
		return status;
	}

	/**
	 * Deferno marks the day a reschedule leaves dropped whatever it was, so a day already
	 * done would silently lose its completion.
	 */
	private void refuseIfDone(ResolvedRef item, String date) {
		JsonNode rows = occurrencesOf(item, date, date);
		if (rows == null || !rows.isArray()) {
			return;
		}
		for (JsonNode row : rows.values()) {
			String day = row.path("scheduled_date").asString(row.path("date").asString(""));
			String status = row.path("status").isString() ? OccurrenceStatus.word(row.path("status").stringValue())
					: (row.path("done").asBoolean(false) ? "done" : "");
			if (day.equals(date) && status.startsWith("done")) {
				// a Habit's day is done or not: only dropped clears it
				String undo = item.kind().equals("habit") ? "dropped (which clears the check-in)" : "in_progress";
				throw new ToolArgumentException("the occurrence of " + date + " is already done (" + status
						+ "): rescheduling marks the day it leaves dropped, so its completion would be lost. Ask the "
						+ "user; to move it all the same, first set_occurrence_status it to " + undo);
			}
		}
	}

	/**
	 * Deferno's occurrences of a recurring item from one day to another, both included.
	 */
	private JsonNode occurrencesOf(ResolvedRef item, Object from, Object to) {
		return this.client.get("/" + item.kind() + "s/" + encode(item.id()) + "/occurrences"
				+ QueryString.create().add("from", from).add("to", to));
	}

	private Object setChore(String id, String date, String status, boolean cascade) {
		// newer Deferno says "skipped" for a chore occurrence the MCP calls "dropped"
		String action = status.equals("dropped") ? "skipped" : status;
		String base = "/chores/" + encode(id);
		if (date == null && cascade) {
			// Deferno's mark-next-done takes the action alone: the subtasks would stay
			// open
			throw new ToolArgumentException("cascade_subtasks needs the occurrence's date for a Chore (Deferno "
					+ "marks its next occurrence without its subtasks): pass date, which list_occurrences shows");
		}
		if (date == null) {
			try {
				return missedOneNoted(OccurrenceStatus.occurrences(this.client.callWithFallback(
						DefernoCall.post(base + "/mark-next-done", choreBody("action", action, false)),
						DefernoCall.post(base + "/mark-next-done", choreBody("status", status, false)),
						OlderChoreForm::needed)), status);
			}
			catch (DefernoApiException ex) {
				// Deferno's "pass cascade_subtasks=true" alone would be refused next
				if (ex.status() == 409 && ex.detail() != null && ex.detail().contains("cascade_subtasks")) {
					throw ex.adding(" (a Chore's cascade_subtasks needs the occurrence's date too, which "
							+ "list_occurrences shows)");
				}
				throw ex;
			}
		}
		String path = base + "/occurrences/" + encode(date);
		return OccurrenceStatus
			.occurrences(this.client.callWithFallback(DefernoCall.put(path, choreBody("status", action, cascade)),
					DefernoCall.put(path, choreBody("status", status, cascade)), OlderChoreForm::needed));
	}

	/**
	 * Deferno's next open occurrence is the earliest after the last one resolved, a day
	 * left open before today included: the agent that meant today's is told.
	 */
	private JsonNode missedOneNoted(JsonNode marked, String status) {
		String day = (marked instanceof ObjectNode) ? marked.path("date").asString("") : "";
		if (!day.matches("\\d{4}-\\d{2}-\\d{2}")) {
			return marked;
		}
		LocalDate today;
		try {
			today = LocalDate.now(this.clock.withZone(SavedTimeZone.of(this.client)));
		}
		catch (DefernoApiException ex) {
			// the mark stands; its date alone says which day it was
			return marked;
		}
		if (LocalDate.parse(day).isBefore(today)) {
			((ObjectNode) marked).put("note",
					"Marked " + status + " on " + day + ", a missed occurrence (before today, " + today
							+ "): the earliest open one after the last done or dropped. To undo it, "
							+ "set_occurrence_status with date " + day
							+ " and status scheduled; to mark another day, pass its date.");
		}
		return marked;
	}

	/**
	 * Every dated form carries cascade_subtasks when asked: without it Deferno refuses to
	 * resolve an occurrence whose subtasks are open.
	 */
	private static Map<String, Object> choreBody(String key, String value, boolean cascade) {
		Payload body = Payload.create().put(key, value);
		if (cascade) {
			body.put("cascade_subtasks", true);
		}
		return body.map();
	}

	private Object setHabit(String id, String date, String status, boolean cascade) {
		if (date == null) {
			throw dateless();
		}
		if (status.equals("in_progress")) {
			return Payload.create()
				.put("ok", true)
				.put("note", "in_progress is a no-op for a Habit (occurrences are done-or-not)")
				.map();
		}
		Payload body = Payload.create().put("done", status.equals("done")).put("date", date);
		if (cascade) {
			body.put("cascade_subtasks", true);
		}
		return this.client.post("/habits/" + encode(id) + "/occurrences", body.map());
	}

	private Object setEvent(String id, String date, String status, boolean cascade) {
		if (date == null) {
			throw dateless();
		}
		return OccurrenceStatus.occurrences(this.client.post("/events/" + encode(id) + "/occurrences/" + encode(date),
				Payload.create().put("action", status).put("cascade_subtasks", cascade).map()));
	}

	/**
	 * Back to as the series has it: Deferno forgets what was set on the day, and an
	 * Event's occurrence moved to it returns to the day it came from.
	 */
	private Object clear(ResolvedRef item, String date) {
		// the answer is the day the occurrence is on afterwards: a moved one's own day
		String answered = date;
		for (JsonNode row : occurrencesOf(item, date, date).values()) {
			// cleared, the day a move left would be scheduled again beside the moved one
			JsonNode movedTo = row.path("rescheduled_to");
			if (movedTo.isString() && !movedTo.stringValue().isEmpty()) {
				throw new ToolArgumentException("the occurrence of " + date + " was moved to " + movedTo.stringValue()
						+ ": to undo the move, set_occurrence_status " + movedTo.stringValue() + " to scheduled");
			}
			JsonNode movedFrom = row.path("rescheduled_from");
			if (movedFrom.isString() && !movedFrom.stringValue().isEmpty()) {
				answered = movedFrom.stringValue();
			}
		}
		String path = "/" + item.kind() + "s/" + encode(item.id()) + "/occurrences/" + encode(date);
		this.client.callWithFallback(DefernoCall.post(path + "/clear", Map.of()), DefernoCall.delete(path),
				UnknownRoute::refused);
		// one occurrence, as the other statuses answer, not the day's list of one
		JsonNode day = OccurrenceStatus.occurrences(occurrencesOf(item, answered, answered));
		return (day != null && day.isArray() && day.size() == 1) ? day.get(0) : day;
	}

	DefernoTool rescheduleOccurrence() {
		return this.factory.tool("occurrences", "reschedule_occurrence")
			.title("Reschedule an occurrence")
			.description("Move one occurrence (date) of a recurring item (any Ref form) to new_date, both YYYY-MM-DD. "
					+ "The series' rule is untouched: the old day is marked dropped (rescheduled_to) and a scheduled "
					+ "occurrence lands on the new one. A day already done is refused (its completion would be "
					+ "lost). To undo a move, set_occurrence_status the new day to scheduled. Deferno may refuse "
					+ "it for a Chore or Habit (501), saying what to do instead.")
			.scope(Scopes.TASKS_WRITE)
			// the old day's own status is replaced by dropped
			.destructive()
			.handler((args) -> {
				String ref = args.requiredString("ref");
				String date = args.requiredDate("date");
				String newDate = args.requiredDate("new_date");
				if (date.equals(newDate)) {
					throw new ToolArgumentException("new_date must differ from date");
				}
				ResolvedRef item = recurring("reschedule_occurrence", ref);
				refuseIfDone(item, date);
				try {
					return OccurrenceStatus
						.occurrences(this.client.post("/" + item.kind() + "s/" + encode(item.id()) + "/occurrences/"
								+ encode(date) + "/reschedule", Payload.create().put("new_date", newDate).map()));
				}
				catch (DefernoApiException ex) {
					// Deferno moves only an Event's occurrences: say what can be done
					// instead
					throw (ex.status() == 501) ? ex.adding(". Deferno cannot move a " + item.kind() + "'s occurrence: "
							+ (item.kind().equals("habit")
									? "a Habit's day is done or not, so leave " + date + " undone"
									: "to let " + date + " go, set_occurrence_status it to dropped")
							+ "; to move every occurrence, change the series' recurrence with update_item (ask the "
							+ "user which)") : ex;
				}
			});
	}

	private ResolvedRef recurring(String tool, String ref) {
		return recurring(tool, this.refs.resolveWithKind("ref", ref));
	}

	private static ResolvedRef recurring(String tool, ResolvedRef item) {
		if (item.kind().equals("task")) {
			throw new ToolArgumentException(tool + ": a task has no occurrences (only Chore / Habit / Event do)");
		}
		if (!List.of("chore", "habit", "event").contains(item.kind())) {
			throw new ToolArgumentException(tool + ": a " + item.kind() + " has no occurrences");
		}
		return item;
	}

	private static ToolArgumentException dateless() {
		return new ToolArgumentException("set_occurrence_status: dateless next-mode (no date) is supported only for "
				+ "Chore; pass a date for Habit/Event");
	}

	private static LocalDate date(String value) {
		return (value != null) ? LocalDate.parse(value) : null;
	}

}
