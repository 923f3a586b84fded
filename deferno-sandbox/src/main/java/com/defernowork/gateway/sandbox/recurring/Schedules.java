package com.defernowork.gateway.sandbox.recurring;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;

import com.defernowork.gateway.sandbox.store.Item;
import com.defernowork.gateway.sandbox.store.Occurrence;

/**
 * Occurrence dates and states of a recurring item: the rule's dates plus stored (e.g.
 * rescheduled) rows.
 */
public final class Schedules {

	private Schedules() {
	}

	public static Recurrence recurrence(Item item) {
		return Recurrence.parse(item.recurrence, item.anchor);
	}

	public static List<LocalDate> dates(Item item, LocalDate from, LocalDate to) {
		TreeSet<LocalDate> dates = new TreeSet<>();
		if (item.anchor == null) {
			return List.of();
		}
		if (item.recurrence != null) {
			dates.addAll(recurrence(item).dates(item.anchor, from, to));
		}
		else if (!item.anchor.isBefore(from) && !item.anchor.isAfter(to)) {
			dates.add(item.anchor);
		}
		dates.addAll(item.occurrences.subMap(from, true, to, true).keySet());
		return List.copyOf(dates);
	}

	public static boolean isOccurrence(Item item, LocalDate date) {
		return !dates(item, date, date).isEmpty();
	}

	/** The stored row of that date, or a fresh scheduled one that is not stored. */
	public static Occurrence on(Item item, LocalDate date) {
		Occurrence stored = item.occurrences.get(date);
		return (stored != null) ? stored : new Occurrence(occurrenceId(item.id, date), date, "scheduled");
	}

	/** The row of that date, stored so it can be changed. */
	public static Occurrence row(Item item, LocalDate date) {
		return item.occurrences.computeIfAbsent(date, (d) -> new Occurrence(occurrenceId(item.id, d), d, "scheduled"));
	}

	public static UUID occurrenceId(UUID itemId, LocalDate date) {
		return UUID.nameUUIDFromBytes((itemId + "/" + date).getBytes(StandardCharsets.UTF_8));
	}

}
