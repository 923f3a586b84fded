package com.defernowork.gateway.sandbox.occurrences;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import com.defernowork.gateway.sandbox.api.ApiException;
import com.defernowork.gateway.sandbox.api.Body;
import com.defernowork.gateway.sandbox.recurring.Schedules;
import com.defernowork.gateway.sandbox.store.Item;

/**
 * Date handling shared by the occurrence routes: required inclusive ranges, wire status
 * names.
 */
final class OccurrenceDates {

	static final int MAX_RANGE_DAYS = 366;

	private static final Map<String, String> PASCAL = Map.of("scheduled", "Scheduled", "in_progress", "InProgress",
			"done_on_time", "DoneOnTime", "done_late", "DoneLate", "dropped", "Dropped", "skipped", "Skipped", "missed",
			"Missed");

	private OccurrenceDates() {
	}

	/**
	 * {@code from}/{@code to} are required (OpenAPI), inclusive, at most a year apart.
	 */
	static LocalDate[] range(String from, String to) {
		if (from == null || from.isBlank()) {
			throw ApiException.badRequest("missing required query parameter 'from'");
		}
		if (to == null || to.isBlank()) {
			throw ApiException.badRequest("missing required query parameter 'to'");
		}
		LocalDate start = Body.date("from", from);
		LocalDate end = Body.date("to", to);
		if (end.isBefore(start)) {
			throw ApiException.badRequest("'to' must not be before 'from'");
		}
		if (ChronoUnit.DAYS.between(start, end) > MAX_RANGE_DAYS) {
			throw ApiException.badRequest("an occurrence range is limited to " + MAX_RANGE_DAYS + " days");
		}
		return new LocalDate[] { start, end };
	}

	static LocalDate date(String value) {
		return Body.date("date", value);
	}

	/** The date must be one of the item's occurrences. */
	static LocalDate occurrence(Item item, String value) {
		LocalDate date = date(value);
		if (!Schedules.isOccurrence(item, date)) {
			throw ApiException.notFound("no occurrence of this " + item.kind.wire() + " on " + date);
		}
		return date;
	}

	static String pascal(String status) {
		return PASCAL.getOrDefault(status, status);
	}

}
