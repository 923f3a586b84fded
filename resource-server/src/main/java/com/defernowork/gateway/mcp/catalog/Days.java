package com.defernowork.gateway.mcp.catalog;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
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

}
