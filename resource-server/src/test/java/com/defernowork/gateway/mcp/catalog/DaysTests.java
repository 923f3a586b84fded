package com.defernowork.gateway.mcp.catalog;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DaysTests {

	@Test
	void whyNoSuchDayWhenTheShapeIsRightThenSaysWhatIsWrongWithTheDay() {
		assertThat(Days.whyNoSuchDay("2027-02-29")).isEqualTo("February 2027 has 28 days");
		assertThat(Days.whyNoSuchDay("2028-02-30")).isEqualTo("February 2028 has 29 days");
		assertThat(Days.whyNoSuchDay("2026-04-31")).isEqualTo("April 2026 has 30 days");
		assertThat(Days.whyNoSuchDay("2026-01-00")).isEqualTo("days run 01 to 31");
		assertThat(Days.whyNoSuchDay("2026-00-10")).isEqualTo("months run 01 to 12");
		assertThat(Days.whyNoSuchDay("2026-13-10")).isEqualTo("months run 01 to 12");
		assertThat(Days.whyNoSuchDay("2028-02-29")).isNull();
		assertThat(Days.whyNoSuchDay("0000-01-01")).isNull();
	}

	@Test
	void whyNoSuchTimeWhenOutOfRangeThenSaysWhichPartAndRefusesALeapSecond() {
		assertThat(Days.whyNoSuchTime("24:00", null)).isEqualTo("hours run 00 to 23");
		assertThat(Days.whyNoSuchTime("23:60", ":00")).isEqualTo("minutes run 00 to 59");
		assertThat(Days.whyNoSuchTime("23:59", ":60")).isEqualTo("a leap second (:60) cannot be stored, use :59");
		assertThat(Days.whyNoSuchTime("23:59", ":61")).isEqualTo("seconds run 00 to 59");
		assertThat(Days.whyNoSuchTime("23:59", ":59")).isNull();
		assertThat(Days.whyNoSuchTime("00:00", null)).isNull();
	}

}
