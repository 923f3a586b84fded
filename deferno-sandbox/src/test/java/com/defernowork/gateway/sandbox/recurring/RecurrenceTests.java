package com.defernowork.gateway.sandbox.recurring;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import com.defernowork.gateway.sandbox.api.ApiException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RecurrenceTests {

	static final LocalDate MONDAY = LocalDate.of(2026, 6, 1);

	@Test
	void datesWhenEveryNDaysThenEveryNthDayFromStart() {
		Recurrence every3 = Recurrence.parse(Map.of("type", "every_n_days", "n", 3), MONDAY);
		assertThat(every3.dates(MONDAY, MONDAY, MONDAY.plusDays(7))).containsExactly(MONDAY, MONDAY.plusDays(3),
				MONDAY.plusDays(6));
	}

	@Test
	void datesWhenWeeklyThenOnlyListedDays() {
		Recurrence weekly = Recurrence.parse(Map.of("type", "weekly", "days", List.of("Mon", "Wed")), MONDAY);
		assertThat(weekly.dates(MONDAY, MONDAY, MONDAY.plusDays(9))).containsExactly(MONDAY, MONDAY.plusDays(2),
				MONDAY.plusDays(7), MONDAY.plusDays(9));
	}

	@Test
	void datesWhenEndAfterCountThenStopsAndCountsFromStart() {
		Recurrence three = Recurrence.parse(Map.of("type", "daily", "end", Map.of("type", "after_count", "n", 3)),
				MONDAY);
		assertThat(three.dates(MONDAY, MONDAY.plusDays(1), MONDAY.plusDays(10))).containsExactly(MONDAY.plusDays(1),
				MONDAY.plusDays(2));
	}

	@Test
	void parseWhenEndDateBeforeStartThenValidationErrorButSameDayAllowed() {
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> Recurrence
				.parse(Map.of("type", "daily", "end", Map.of("type", "on_date", "date", "2026-05-31")), MONDAY))
			.withMessageContaining("before the series start");
		Recurrence sameDay = Recurrence
			.parse(Map.of("type", "daily", "end", Map.of("type", "on_date", "date", "2026-06-01")), MONDAY);
		assertThat(sameDay.dates(MONDAY, MONDAY, MONDAY.plusDays(5))).containsExactly(MONDAY);
	}

	@Test
	void parseWhenUnknownTypeOrBadDayThenValidationError() {
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> Recurrence.parse(Map.of("type", "hourly"), MONDAY));
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> Recurrence.parse(Map.of("type", "weekly", "days", List.of("Funday")), MONDAY));
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> Recurrence.parse(Map.of("type", "every_n_days", "n", 0), MONDAY));
	}

	@Test
	void parseWhenDailyOrWeeklyWithAnIntervalThenEveryDayOrWeekAsDefernoDropsIt() {
		Recurrence daily = Recurrence.parse(Map.of("type", "daily", "interval", 2), MONDAY);
		assertThat(daily.dates(MONDAY, MONDAY, MONDAY.plusDays(2))).containsExactly(MONDAY, MONDAY.plusDays(1),
				MONDAY.plusDays(2));
		Recurrence weekly = Recurrence.parse(Map.of("type", "weekly", "interval", 2, "days", List.of("Mon")), MONDAY);
		assertThat(weekly.dates(MONDAY, MONDAY, MONDAY.plusDays(7))).containsExactly(MONDAY, MONDAY.plusDays(7));
	}

	@Test
	void parseWhenMonthlyOrYearlyWithoutIntervalOrDayThenValidationErrorAsDefernos() {
		Map<String, Object> on = Map.of("type", "day_of_month", "day", 1);
		for (Map<String, Object> incomplete : List.<Map<String, Object>>of(Map.of("type", "monthly", "on", on),
				Map.of("type", "monthly", "interval", 1), Map.of("type", "yearly", "month", 6, "day", 1),
				Map.of("type", "yearly", "interval", 1, "month", 6))) {
			assertThatExceptionOfType(ApiException.class).as(incomplete.toString())
				.isThrownBy(() -> Recurrence.parse(incomplete, MONDAY))
				.withMessageContaining("required");
		}
		assertThat(Recurrence.parse(Map.of("type", "monthly", "interval", 1, "on", on), MONDAY)
			.dates(MONDAY, MONDAY, MONDAY.plusMonths(1))).containsExactly(MONDAY, MONDAY.plusMonths(1));
	}

	@Test
	void normaliseWhenEndNeverThenNoEndKey() {
		assertThat(Recurrence.normalise(Map.of("type", "daily", "end", Map.of("type", "never"))))
			.isEqualTo(Map.of("type", "daily"));
	}

}
