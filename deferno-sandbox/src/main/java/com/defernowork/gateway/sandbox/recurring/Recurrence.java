package com.defernowork.gateway.sandbox.recurring;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.defernowork.gateway.sandbox.api.ApiException;
import com.defernowork.gateway.sandbox.api.Body;

/**
 * A validated recurrence cadence with its optional end: {@code daily},
 * {@code every_n_days}, {@code weekly}, {@code monthly} (day of month) and
 * {@code yearly}; ends {@code never}, {@code on_date}, {@code after_count}.
 */
public final class Recurrence {

	private static final int HORIZON_DAYS = 3 * 366;

	private final String type;

	private final int n;

	private final List<DayOfWeek> days;

	private final int dayOfMonth;

	private final int month;

	private final LocalDate endDate;

	private final Integer endCount;

	private Recurrence(String type, int n, List<DayOfWeek> days, int dayOfMonth, int month, LocalDate endDate,
			Integer endCount) {
		this.type = type;
		this.n = n;
		this.days = days;
		this.dayOfMonth = dayOfMonth;
		this.month = month;
		this.endDate = endDate;
		this.endCount = endCount;
	}

	/**
	 * Parses and validates a recurrence object against the series start; answers 400 when
	 * it is wrong.
	 */
	public static Recurrence parse(Map<String, Object> json, LocalDate start) {
		Body body = Body.of(json);
		String type = body.string("type");
		if (type == null) {
			throw ApiException.validation("recurrence.type is required (daily, every_n_days, weekly, monthly, yearly)");
		}
		int n = 1;
		List<DayOfWeek> days = List.of();
		int dayOfMonth = start.getDayOfMonth();
		int month = start.getMonthValue();
		switch (type) {
			// Deferno's daily and weekly cadences have no interval: one sent is dropped
			case "daily" -> n = 1;
			case "every_n_days" -> n = positive(body.integer("n"), null, "recurrence.n");
			case "weekly" -> {
				n = 1;
				List<String> names = body.strings("days");
				if (names == null || names.isEmpty()) {
					throw ApiException.validation("a weekly recurrence needs days, e.g. [\"Mon\",\"Wed\"]");
				}
				days = names.stream().map(Recurrence::day).toList();
			}
			// monthly and yearly require their interval and their day, as Deferno's do
			case "monthly" -> {
				n = positive(body.integer("interval"), null, "recurrence.interval");
				Map<String, Object> on = body.object("on");
				if (on == null) {
					throw ApiException.validation("recurrence.on is required for a monthly recurrence");
				}
				Body onBody = Body.of(on);
				if (!"day_of_month".equals(onBody.string("type"))) {
					throw ApiException.validation("the sandbox simulates monthly recurrences on a day_of_month only");
				}
				dayOfMonth = positive(onBody.integer("day"), null, "recurrence.on.day");
				if (dayOfMonth > 31) {
					throw ApiException.validation("recurrence.on.day must be 1..31");
				}
			}
			case "yearly" -> {
				n = positive(body.integer("interval"), null, "recurrence.interval");
				month = positive(body.integer("month"), null, "recurrence.month");
				dayOfMonth = positive(body.integer("day"), null, "recurrence.day");
				if (month > 12 || dayOfMonth > 31) {
					throw ApiException.validation("recurrence.month must be 1..12 and recurrence.day 1..31");
				}
			}
			default -> throw ApiException.validation(
					"unsupported recurrence type '" + type + "' (daily, every_n_days, weekly, monthly, yearly)");
		}
		LocalDate endDate = null;
		Integer endCount = null;
		Map<String, Object> end = body.object("end");
		if (end != null) {
			Body endBody = Body.of(end);
			String endType = endBody.string("type");
			if ("on_date".equals(endType)) {
				endDate = endBody.date("date");
				if (endDate == null) {
					throw ApiException.validation("recurrence.end.date is required for on_date");
				}
				if (endDate.isBefore(start)) {
					throw ApiException
						.validation("recurrence end date " + endDate + " is before the series start " + start);
				}
			}
			else if ("after_count".equals(endType)) {
				endCount = positive(endBody.integer("n"), null, "recurrence.end.n");
			}
			else if (!"never".equals(endType)) {
				throw ApiException.validation("recurrence.end.type must be never, on_date or after_count");
			}
		}
		return new Recurrence(type, n, days, dayOfMonth, month, endDate, endCount);
	}

	/** The normalised wire form ({@code end: never} is emitted as no end key). */
	public static Map<String, Object> normalise(Map<String, Object> json) {
		Map<String, Object> copy = new LinkedHashMap<>(json);
		if (copy.get("end") instanceof Map<?, ?> end && "never".equals(end.get("type"))) {
			copy.remove("end");
		}
		return copy;
	}

	/** Scheduled dates of the series in {@code [from, to]}. */
	public List<LocalDate> dates(LocalDate start, LocalDate from, LocalDate to) {
		List<LocalDate> result = new ArrayList<>();
		int count = 0;
		LocalDate last = to.isAfter(from.plusDays(HORIZON_DAYS)) ? from.plusDays(HORIZON_DAYS) : to;
		for (LocalDate day = start; !day.isAfter(last); day = day.plusDays(1)) {
			if (this.endDate != null && day.isAfter(this.endDate)) {
				break;
			}
			if (!matches(start, day)) {
				continue;
			}
			count++;
			if (this.endCount != null && count > this.endCount) {
				break;
			}
			if (!day.isBefore(from)) {
				result.add(day);
			}
		}
		return result;
	}

	private boolean matches(LocalDate start, LocalDate day) {
		long daysBetween = ChronoUnit.DAYS.between(start, day);
		return switch (this.type) {
			case "daily", "every_n_days" -> daysBetween % this.n == 0;
			case "weekly" -> this.days.contains(day.getDayOfWeek())
					&& (ChronoUnit.WEEKS.between(start.with(DayOfWeek.MONDAY), day.with(DayOfWeek.MONDAY))
							% this.n == 0);
			case "monthly" -> day.getDayOfMonth() == Math.min(this.dayOfMonth, day.lengthOfMonth())
					&& ChronoUnit.MONTHS.between(start.withDayOfMonth(1), day.withDayOfMonth(1)) % this.n == 0;
			case "yearly" -> day.getMonthValue() == this.month
					&& day.getDayOfMonth() == Math.min(this.dayOfMonth, day.lengthOfMonth())
					&& (day.getYear() - start.getYear()) % this.n == 0;
			default -> false;
		};
	}

	private static int positive(Integer value, Integer fallback, String name) {
		if (value == null) {
			if (fallback == null) {
				throw ApiException.validation(name + " is required and must be >= 1");
			}
			return fallback;
		}
		if (value < 1) {
			throw ApiException.validation(name + " must be >= 1");
		}
		return value;
	}

	private static DayOfWeek day(String name) {
		for (DayOfWeek day : DayOfWeek.values()) {
			if (day.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).equalsIgnoreCase(name)
					|| day.name().equalsIgnoreCase(name)) {
				return day;
			}
		}
		throw ApiException.validation("unknown weekday '" + name + "' (Mon, Tue, Wed, Thu, Fri, Sat, Sun)");
	}

}
