package com.defernowork.gateway.sandbox.recurring;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.defernowork.gateway.sandbox.api.ApiException;
import com.defernowork.gateway.sandbox.api.Body;
import com.defernowork.gateway.sandbox.store.Item;
import com.defernowork.gateway.sandbox.store.Kind;

/**
 * Validates and applies the fields of Chores, Habits and Events
 * ({@code title, description, complete_by, labels,
 * recurrence}, time of day; Events also {@code end_time}). Checks everything before
 * writing anything.
 */
final class RecurringEditor {

	private RecurringEditor() {
	}

	/**
	 * @param zone the person's saved time zone, in which complete_by's date starts the
	 * series
	 */
	static void apply(Item item, Body body, boolean creating, ZoneId zone) {
		Kind kind = item.kind;
		List<Runnable> changes = new ArrayList<>();
		if (creating || body.has("title")) {
			String title = body.string("title");
			if (title == null || title.isBlank()) {
				throw ApiException.validation("title must be non-empty");
			}
			changes.add(() -> item.title = title.trim());
		}
		if (body.has("description")) {
			String description = body.string("description");
			changes.add(() -> item.description = description);
		}
		if (body.has("labels")) {
			List<String> labels = body.strings("labels");
			changes.add(() -> item.labels = (labels != null) ? new ArrayList<>(labels) : new ArrayList<>());
		}
		Instant completeBy = item.completeBy;
		if (creating || body.has("complete_by")) {
			completeBy = body.instant("complete_by");
			if (completeBy == null) {
				throw ApiException.validation(creating ? "complete_by is required for a " + kind.pascal()
						: "complete_by cannot be cleared on a " + kind.pascal());
			}
		}
		// a new day starts the series where its editor lives; other edits keep its start
		LocalDate anchor = (creating || body.has("complete_by") || item.anchor == null)
				? completeBy.atZone(zone).toLocalDate() : item.anchor;
		Map<String, Object> recurrence = item.recurrence;
		if (creating || body.has("recurrence")) {
			recurrence = body.object("recurrence");
			if (recurrence == null && kind != Kind.EVENT) {
				throw ApiException.validation(creating ? "recurrence is required for a " + kind.pascal()
						: "recurrence cannot be cleared on a " + kind.pascal());
			}
		}
		if (recurrence != null) {
			Recurrence.parse(recurrence, anchor);
		}
		String timeKey = (kind == Kind.EVENT) ? "start_time_of_day" : "deadline_time_of_day";
		// only the kind's own field, as Deferno: a raw time_of_day is no field there
		if (body.has(timeKey)) {
			String time = body.timeOfDay(timeKey);
			changes.add(() -> item.timeOfDay = time);
		}
		if (body.has("end_time") && kind != Kind.EVENT) {
			throw ApiException.validation("end_time applies only to an Event (this is a " + kind.wire() + ")");
		}
		Instant endTime = body.has("end_time") ? body.instant("end_time") : item.endTime;
		if (endTime != null && endTime.isBefore(completeBy)) {
			throw ApiException.validation("end_time must not be before complete_by");
		}
		if (body.has("status")) {
			String status = body.string("status");
			if (!Set.of("active", "in-review", "archived").contains(status)) {
				throw ApiException
					.validation("status of a " + kind.pascal() + " must be one of active, in-review, archived");
			}
			changes.add(() -> item.status = status);
		}
		boolean newSeries = creating || !java.util.Objects.equals(recurrence, item.recurrence)
				|| !anchor.equals(item.anchor);
		Instant finalCompleteBy = completeBy;
		Map<String, Object> finalRecurrence = (recurrence != null) ? Recurrence.normalise(recurrence) : null;
		changes.forEach(Runnable::run);
		item.completeBy = finalCompleteBy;
		item.anchor = anchor;
		item.recurrence = finalRecurrence;
		item.endTime = (kind == Kind.EVENT) ? endTime : null;
		if (newSeries) {
			// changing the cadence or start rotates the series, as the backend does
			item.seriesId = UUID.randomUUID();
		}
	}

}
