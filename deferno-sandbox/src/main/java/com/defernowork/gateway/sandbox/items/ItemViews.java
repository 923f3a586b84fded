package com.defernowork.gateway.sandbox.items;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.defernowork.gateway.sandbox.activity.ActivityViews;
import com.defernowork.gateway.sandbox.recurring.Schedules;
import com.defernowork.gateway.sandbox.store.Account;
import com.defernowork.gateway.sandbox.store.Item;
import com.defernowork.gateway.sandbox.store.Kind;
import com.defernowork.gateway.sandbox.store.Occurrence;
import com.defernowork.gateway.sandbox.store.SandboxStore;

import org.springframework.stereotype.Component;

/**
 * JSON views of items: the flat ItemEnvelope rows of item feeds (lower-case {@code kind}
 * and {@code type}, {@code ref}, {@code org_slug}, {@code sequence} always present) and
 * the entity answers of the per-kind routes (Pascal-case {@code kind}).
 */
@Component
public final class ItemViews {

	private final SandboxStore store;

	private final Clock clock;

	ItemViews(SandboxStore store, Clock clock) {
		this.store = store;
		this.clock = clock;
	}

	/** A list row: the item without its heavy parts (history, comments, attachments). */
	public Map<String, Object> row(Item item) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("kind", item.kind.wire());
		view.put("type", item.kind.wire());
		view.put("id", item.id);
		view.put("ref", item.ref());
		view.put("org_slug", item.org.slug);
		view.put("sequence", item.sequence);
		view.put("title", item.title);
		view.put("description", item.description);
		view.put("status", item.status);
		view.put("labels", List.copyOf(item.labels));
		view.put("parent_id", item.parentId);
		view.put("children", List.copyOf(item.childIds));
		view.put("complete_by", time(item.completeBy));
		view.put("date_created", time(item.dateCreated));
		view.put("pinned", item.pinned);
		if (item.kind == Kind.TASK) {
			view.put("assignee", item.assignee);
			view.put("productive", item.productive);
			view.put("desire", item.desire);
			view.put("mood_start", item.moodStart);
			view.put("mood_finish", item.moodFinish);
			view.put("blocked_by", List.copyOf(item.blockedBy));
			view.put("deadline_time_of_day", item.timeOfDay);
			view.put("series_id", item.seriesId);
			view.put("recurrence_id", item.recurrenceId);
			view.put("done_at", time(item.doneAt));
		}
		else {
			view.put(item.kind == Kind.EVENT ? "start_time_of_day" : "deadline_time_of_day", item.timeOfDay);
			view.put("recurrence", item.recurrence);
			view.put("series_id", item.seriesId);
			if (item.kind == Kind.EVENT) {
				view.put("end_time", time(item.endTime));
			}
		}
		if (item.alias != null) {
			view.put("alias", item.alias);
		}
		return view;
	}

	/**
	 * A row narrowed to {@code $select}, keeping the identity fields the backend always
	 * injects.
	 */
	public Map<String, Object> select(Item item, List<String> fields) {
		Map<String, Object> full = row(item);
		Map<String, Object> view = new LinkedHashMap<>();
		for (String key : List.of("kind", "type", "id", "ref", "org_slug", "sequence")) {
			view.put(key, full.get(key));
		}
		for (String field : fields) {
			if (full.containsKey(field)) {
				view.put(field, full.get(field));
			}
		}
		return view;
	}

	/**
	 * The single-item read: row plus history, comments, attachments and, for recurring
	 * kinds, today's occurrence.
	 */
	public Map<String, Object> full(Item item, Account viewer) {
		Map<String, Object> view = row(item);
		view.put("actions", List.copyOf(item.actions.stream().map(ItemViews::action).toList()));
		view.put("comments",
				this.store.comments.values()
					.stream()
					.filter((c) -> c.itemId.equals(item.id) && c.occurrenceDate == null && c.visibleTo(viewer.id()))
					.map(ActivityViews::comment)
					.toList());
		view.put("attachments",
				this.store.attachments.values()
					.stream()
					.filter((a) -> a.committed && a.itemId.equals(item.id) && a.occurrenceDate == null)
					.map((a) -> ActivityViews.attachment(a))
					.toList());
		if (item.kind.recurring()) {
			ZoneId zone = this.store.savedZone(viewer.id());
			view.put("today_occurrence", occurrence(item, today(zone), zone));
		}
		return view;
	}

	/**
	 * An entity answer of the per-kind routes: the full view with a Pascal-case
	 * {@code kind}.
	 */
	public Map<String, Object> entity(Item item, Account viewer) {
		Map<String, Object> view = full(item, viewer);
		view.put("kind", item.kind.pascal());
		return view;
	}

	/**
	 * A plan row: the list row plus {@code today_occurrence} for recurring kinds (null
	 * when not scheduled).
	 */
	public Map<String, Object> planRow(Item item, LocalDate date, Account viewer) {
		Map<String, Object> view = row(item);
		if (item.kind.recurring()) {
			view.put("today_occurrence", occurrence(item, date, this.store.savedZone(viewer.id())));
		}
		return view;
	}

	/**
	 * {@code today_occurrence}: {id, parent_id, scheduled_date, complete_by, status,
	 * done_at?}, or null.
	 */
	public Map<String, Object> occurrence(Item item, LocalDate date, ZoneId zone) {
		if (!Schedules.isOccurrence(item, date)) {
			return null;
		}
		Occurrence occurrence = Schedules.on(item, date);
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", occurrence.id);
		view.put("parent_id", item.id);
		view.put("scheduled_date", date.toString());
		// the end of that day where the person is, as Deferno reads their days
		view.put("complete_by", time(date.atTime(LocalTime.of(23, 59, 59)).atZone(zone).toInstant()));
		view.put("status", occurrence.status);
		if (occurrence.doneAt != null) {
			view.put("done_at", time(occurrence.doneAt));
		}
		return view;
	}

	/** Today in the given zone, by the sandbox clock (every "today" comes from it). */
	public LocalDate today(ZoneId zone) {
		return LocalDate.now(this.clock.withZone(zone));
	}

	/** Today where the person is: in their saved time zone, else UTC. */
	public LocalDate today(Account person) {
		return today(this.store.savedZone(person.id()));
	}

	public static String time(Instant instant) {
		return (instant != null) ? instant.truncatedTo(ChronoUnit.SECONDS).toString() : null;
	}

	private static Map<String, Object> action(Map<String, Object> action) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("at", time((Instant) action.get("at")));
		view.put("kind", action.get("kind"));
		return view;
	}

}
