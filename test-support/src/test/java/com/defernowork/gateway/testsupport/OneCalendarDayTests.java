package com.defernowork.gateway.testsupport;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OneCalendarDayTests {

	static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

	@Test
	void untilSafeWhenMiddayThenNoWait() {
		assertThat(OneCalendarDay.Wait.untilSafe(Instant.parse("2026-12-06T12:00:00Z"), new String[] { "UTC" },
				FIVE_MINUTES))
			.isZero();
	}

	@Test
	void untilSafeWhenMidnightWithinTheBudgetThenWaitsASecondPastIt() {
		assertThat(OneCalendarDay.Wait.untilSafe(Instant.parse("2026-12-06T23:57:30Z"), new String[] { "UTC" },
				FIVE_MINUTES))
			.isEqualTo(Duration.ofSeconds(151));
	}

	@Test
	void untilSafeWhenAnotherZonesMidnightIsNearThenWaitsForThatOne() {
		// Kiritimati (UTC+14) starts its day at 10:00 UTC
		String[] zones = { "UTC", "Pacific/Kiritimati" };
		assertThat(OneCalendarDay.Wait.untilSafe(Instant.parse("2026-12-06T09:59:00Z"), zones, FIVE_MINUTES))
			.isEqualTo(Duration.ofSeconds(61));
		assertThat(OneCalendarDay.Wait.untilSafe(Instant.parse("2026-12-06T10:00:01Z"), zones, FIVE_MINUTES)).isZero();
	}

}
