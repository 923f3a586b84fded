package com.defernowork.gateway.sandbox.occurrences;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import com.defernowork.gateway.sandbox.activity.ActivityViews;
import com.defernowork.gateway.sandbox.items.ItemViews;
import com.defernowork.gateway.sandbox.recurring.Schedules;
import com.defernowork.gateway.sandbox.store.Account;
import com.defernowork.gateway.sandbox.store.Item;
import com.defernowork.gateway.sandbox.store.Occurrence;
import com.defernowork.gateway.sandbox.store.SandboxStore;

import org.springframework.stereotype.Component;

/**
 * The unified Occurrence view of an event date, with its embedded comments and
 * attachments.
 */
@Component
final class EventOccurrenceViews {

	private final SandboxStore store;

	EventOccurrenceViews(SandboxStore store) {
		this.store = store;
	}

	Map<String, Object> view(Item event, LocalDate date, Account viewer) {
		Occurrence occurrence = Schedules.on(event, date);
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", occurrence.id);
		view.put("parent_id", event.id);
		view.put("scheduled_date", date.toString());
		view.put("status", OccurrenceDates.pascal(occurrence.status));
		view.put("comment", this.store.comments.values()
			.stream()
			.filter((c) -> c.itemId.equals(event.id) && date.equals(c.occurrenceDate) && c.visibleTo(viewer.id()))
			.map(ActivityViews::comment)
			.toList());
		view.put("attachments",
				this.store.attachments.values()
					.stream()
					.filter((a) -> a.committed && a.itemId.equals(event.id) && date.equals(a.occurrenceDate))
					.map(ActivityViews::attachment)
					.toList());
		if (occurrence.doneAt != null) {
			view.put("done_at", ItemViews.time(occurrence.doneAt));
		}
		if (occurrence.rescheduledFrom != null) {
			view.put("rescheduled_from", occurrence.rescheduledFrom.toString());
		}
		if (occurrence.rescheduledTo != null) {
			view.put("rescheduled_to", occurrence.rescheduledTo.toString());
		}
		return view;
	}

}
