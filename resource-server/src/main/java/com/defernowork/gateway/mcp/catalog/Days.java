package com.defernowork.gateway.mcp.catalog;

import java.time.LocalDate;
import java.time.Month;
import java.time.Year;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A day as agents write it, {@code YYYY-MM-DD} with a four-digit year:
 * {@link LocalDate#parse} alone would also take {@code +12026-01-01} and
 * {@code -0001-01-01}, which no tool takes.
 */
final class Days {

	private static final Pattern DAY = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

	private Days() {
	}

	/** Whether the text has a day's shape, named day or not. */
	static boolean matches(String value) {
		return DAY.matcher(value).matches();
	}

	/** The day, or {@code null} when the text is not one of the calendar. */
	static LocalDate parse(String value) {
		if (!DAY.matcher(value).matches()) {
			return null;
		}
		try {
			return LocalDate.parse(value);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/**
	 * Why text shaped {@code YYYY-MM-DD} names no day, e.g. "February 2027 has 28 days",
	 * or {@code null} when it names one: an agent told only the format would fix the
	 * format, not the day.
	 */
	static String whyNoSuchDay(String value) {
		int year = Integer.parseInt(value.substring(0, 4));
		int month = Integer.parseInt(value.substring(5, 7));
		int day = Integer.parseInt(value.substring(8, 10));
		if (month < 1 || month > 12) {
			return "months run 01 to 12";
		}
		int length = Month.of(month).length(Year.isLeap(year));
		if (day < 1) {
			return "days run 01 to " + length;
		}
		if (day > length) {
			return Month.of(month).getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " + value.substring(0, 4)
					+ " has " + length + " days";
		}
		return null;
	}

	/**
	 * Why {@code HH:MM} and optional {@code :SS} name no time of day, or {@code null}
	 * when they name one; a leap second is not one Deferno can store.
	 */
	static String whyNoSuchTime(String hoursMinutes, String colonSeconds) {
		if (Integer.parseInt(hoursMinutes.substring(0, 2)) > 23) {
			return "hours run 00 to 23";
		}
		if (Integer.parseInt(hoursMinutes.substring(3, 5)) > 59) {
			return "minutes run 00 to 59";
		}
		int seconds = (colonSeconds != null) ? Integer.parseInt(colonSeconds.substring(1, 3)) : 0;
		if (seconds == 60) {
			return "a leap second (:60) cannot be stored, use :59";
		}
		return (seconds > 59) ? "seconds run 00 to 59" : null;
	}

}
