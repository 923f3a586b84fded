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
	void normaliseWhenEndNeverThenNoEndKey() {
		assertThat(Recurrence.normalise(Map.of("type", "daily", "end", Map.of("type", "never"))))
			.isEqualTo(Map.of("type", "daily"));
	}

}
