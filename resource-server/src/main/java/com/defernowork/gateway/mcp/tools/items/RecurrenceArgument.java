package com.defernowork.gateway.mcp.tools.items;

import java.math.BigDecimal;
import java.time.Month;
import java.time.format.TextStyle;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.defernowork.gateway.mcp.catalog.ToolArgumentException;
import com.defernowork.gateway.mcp.catalog.ToolArguments;

/**
 * A {@code recurrence} argument (capture_item, update_item, convert_item) checked member
 * by member against the cadences Deferno knows, each with only its own members: Deferno
 * stores an object it does not understand as it is, so {@code {"type":"daily","bogus":5}}
 * would become part of the series. Sent as Deferno's cadences take it: daily and weekly
 * have no interval there (one would be dropped and the series repeat every day or week),
 * so every N days is sent as {@code every_n_days} and every N weeks refused; monthly and
 * yearly require theirs (1 when not given) and their day.
 */
public final class RecurrenceArgument {

	static final List<String> WEEKDAYS = List.of("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun");

	/** Each cadence's members, {@code type} and {@code end} included. */
	private static final Map<String, List<String>> MEMBERS = Map.of("daily", List.of("type", "interval", "end"),
			"every_n_days", List.of("type", "n", "end"), "weekly", List.of("type", "interval", "days", "end"),
			"monthly", List.of("type", "interval", "on", "end"), "yearly",
			List.of("type", "interval", "month", "day", "end"));

	private static final List<String> TYPES = List.of("daily", "every_n_days", "weekly", "monthly", "yearly");

	private static final List<String> END_TYPES = List.of("never", "on_date", "after_count");

	private static final Map<String, List<String>> END_MEMBERS = Map.of("never", List.of("type"), "on_date",
			List.of("type", "date"), "after_count", List.of("type", "n"));

	private RecurrenceArgument() {
	}

	/**
	 * The recurrence as sent once every member checks, or {@code null} when absent or
	 * null.
	 */
	public static Map<String, Object> optional(ToolArguments args, String name) {
		ToolArguments recurrence = args.optionalNested(name);
		if (recurrence == null) {
			return null;
		}
		String type = required(recurrence, "type", TYPES);
		recurrence.refuseUnknown(MEMBERS.get(type), "a recurrence of type " + type);
		positive(recurrence, "interval");
		switch (type) {
			case "every_n_days" -> {
				if (recurrence.raw("n") == null) {
					throw new ToolArgumentException(recurrence.nameOf("n") + " is required: every how many days");
				}
				positive(recurrence, "n");
			}
			case "weekly" -> {
				days(recurrence);
				everyWeek(recurrence);
			}
			case "monthly" -> dayOfMonth(recurrence);
			case "yearly" -> dayOfYear(recurrence);
			default -> {
				// daily: interval only
			}
		}
		end(recurrence);
		return asDefernoTakesIt(type, wholeNumbersAsIntegers(args.optionalObject(name)));
	}

	private static Map<String, Object> asDefernoTakesIt(String type, Map<String, Object> sent) {
		Object interval = sent.get("interval");
		int every = (interval != null) ? ((Number) interval).intValue() : 1;
		if (type.equals("daily") && every > 1) {
			Map<String, Object> everyNDays = new LinkedHashMap<>();
			everyNDays.put("type", "every_n_days");
			everyNDays.put("n", every);
			if (sent.get("end") != null) {
				everyNDays.put("end", sent.get("end"));
			}
			return everyNDays;
		}
		if (type.equals("monthly") || type.equals("yearly")) {
			sent.putIfAbsent("interval", every);
		}
		else {
			sent.remove("interval");
		}
		return sent;
	}

	/**
	 * Every number of a recurrence is a checked whole number, which {@code 2.0} passes as
	 * JSON Schema's {@code integer} does; Deferno takes only {@code 2}.
	 */
	private static Map<String, Object> wholeNumbersAsIntegers(Map<String, Object> checked) {
		Map<String, Object> sent = new LinkedHashMap<>();
		checked.forEach((member, value) -> sent.put(member, asSent(value)));
		return sent;
	}

	@SuppressWarnings("unchecked")
	private static Object asSent(Object value) {
		if (value instanceof Map<?, ?> nested) {
			return wholeNumbersAsIntegers((Map<String, Object>) nested);
		}
		if (value instanceof Number number && !(value instanceof Integer || value instanceof Long)) {
			return new BigDecimal(number.toString()).intValueExact();
		}
		return value;
	}

	/** Deferno's weekly cadence repeats every week: an interval above 1 it would drop. */
	private static void everyWeek(ToolArguments recurrence) {
		Integer every = recurrence.optionalInt("interval", 1, Integer.MAX_VALUE);
		if (every != null && every > 1) {
			throw new ToolArgumentException(recurrence.nameOf("interval") + " " + every
					+ ": Deferno repeats a weekly cadence every week; for every " + every
					+ " weeks on one weekday use {\"type\":\"every_n_days\",\"n\":" + (7 * every)
					+ "} with complete_by on that weekday");
		}
	}

	private static void days(ToolArguments recurrence) {
		List<String> days = recurrence.optionalStringList("days");
		if (days == null || days.isEmpty()) {
			throw new ToolArgumentException(
					recurrence.nameOf("days") + " is required: the weekdays, e.g. [\"Mon\",\"Wed\"]");
		}
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < days.size(); i++) {
			String day = recurrence.nameOf("days") + "[" + i + "]";
			if (!WEEKDAYS.contains(days.get(i))) {
				throw new ToolArgumentException(day + " must be one of " + String.join(", ", WEEKDAYS));
			}
			if (!seen.add(days.get(i))) {
				throw new ToolArgumentException(day + " repeats " + days.get(i) + ": give each weekday once");
			}
		}
	}

	/**
	 * A month and a day that is in it (February 29 too, which leap years have): a series
	 * on February 30 would never come.
	 */
	private static void dayOfYear(ToolArguments recurrence) {
		Integer month = recurrence.optionalInt("month", 1, 12);
		Integer day = recurrence.optionalInt("day", 1, 31);
		if (month == null || day == null) {
			throw new ToolArgumentException(recurrence.nameOf("month") + " and " + recurrence.nameOf("day")
					+ " are required: the date in the year, e.g. \"month\":3,\"day\":1");
		}
		Month named = Month.of(month);
		if (day > named.maxLength()) {
			throw new ToolArgumentException(recurrence.nameOf("day") + " " + day + " is not a day of "
					+ named.getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " (" + recurrence.nameOf("month") + " "
					+ month + "), which has at most " + named.maxLength() + " days");
		}
	}

	private static void dayOfMonth(ToolArguments recurrence) {
		ToolArguments on = recurrence.optionalNested("on");
		if (on == null) {
			throw new ToolArgumentException(recurrence.nameOf("on")
					+ " is required: the day of the month, e.g. {\"type\":\"day_of_month\",\"day\":15}");
		}
		required(on, "type", List.of("day_of_month"));
		on.refuseUnknown(List.of("type", "day"), "on");
		if (on.raw("day") == null) {
			throw new ToolArgumentException(on.nameOf("day") + " is required: the day of the month, 1 to 31");
		}
		on.optionalInt("day", 1, 31);
	}

	private static void end(ToolArguments recurrence) {
		ToolArguments end = recurrence.optionalNested("end");
		if (end == null) {
			return;
		}
		String type = required(end, "type", END_TYPES);
		end.refuseUnknown(END_MEMBERS.get(type), "an end of type " + type);
		if (type.equals("on_date") && end.optionalDate("date") == null) {
			throw new ToolArgumentException(end.nameOf("date") + " is required: the last day, YYYY-MM-DD");
		}
		if (type.equals("after_count")) {
			if (end.raw("n") == null) {
				throw new ToolArgumentException(end.nameOf("n") + " is required: how many occurrences in all");
			}
			positive(end, "n");
		}
	}

	private static String required(ToolArguments object, String name, List<String> allowed) {
		if (object.raw(name) == null) {
			throw new ToolArgumentException(object.nameOf(name) + " is required: one of " + String.join(", ", allowed));
		}
		return object.optionalEnum(name, allowed);
	}

	private static void positive(ToolArguments object, String name) {
		object.optionalInt(name, 1, Integer.MAX_VALUE);
	}

}
