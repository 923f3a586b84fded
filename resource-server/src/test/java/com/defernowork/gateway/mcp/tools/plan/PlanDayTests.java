package com.defernowork.gateway.mcp.tools.plan;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.defernowork.gateway.mcp.catalog.ToolArgumentException;
import com.defernowork.gateway.mcp.catalog.ToolArguments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PlanDayTests {

	/** 2026-05-07 23:30 in UTC: already the 8th east of it, still the 7th west. */
	static final Clock LATE_ON_THE_7TH = Clock.fixed(Instant.parse("2026-05-07T23:30:00Z"), ZoneOffset.UTC);

	@Test
	void ofWhenTzWithoutDateThenTodayInThatZone() {
		assertThat(PlanDay.of(new ToolArguments(Map.of("tz", "Pacific/Kiritimati")), LATE_ON_THE_7TH))
			.isEqualTo("2026-05-08");
		assertThat(PlanDay.of(new ToolArguments(Map.of("tz", "America/New_York")), LATE_ON_THE_7TH))
			.isEqualTo("2026-05-07");
	}

	@Test
	void ofWhenDateThenThatDayWhateverTheTz() {
		assertThat(PlanDay.of(new ToolArguments(Map.of("date", "2026-01-02", "tz", "Pacific/Kiritimati")),
				LATE_ON_THE_7TH))
			.isEqualTo("2026-01-02");
	}

	@Test
	void ofWhenNeitherThenTheDayIsLeftToDeferno() {
		assertThat(PlanDay.of(new ToolArguments(Map.of()), LATE_ON_THE_7TH)).isNull();
	}

	@Test
	void ofWhenTzIsNoZoneThenRefused() {
		assertThatExceptionOfType(ToolArgumentException.class)
			.isThrownBy(() -> PlanDay.of(new ToolArguments(Map.of("tz", "Mars/Olympus")), LATE_ON_THE_7TH))
			.withMessageContaining("IANA");
	}

	@Test
	void ofWhenTzIsAZoneButForCaseOrSpacesThenRefusedNamingTheZone() {
		assertThatExceptionOfType(ToolArgumentException.class)
			.isThrownBy(() -> PlanDay.of(new ToolArguments(Map.of("tz", "utc")), LATE_ON_THE_7TH))
			.withMessageEndingWith("got 'utc': did you mean UTC?");
		assertThatExceptionOfType(ToolArgumentException.class)
			.isThrownBy(() -> PlanDay.of(new ToolArguments(Map.of("tz", " europe/berlin ")), LATE_ON_THE_7TH))
			.withMessageEndingWith("got ' europe/berlin ': did you mean Europe/Berlin?");
	}

	@Test
	void ofWhenTzIsAFixedOffsetThenRefused() {
		// the plan tools' one tz check: IANA names only, no day is worked out from an
		// offset
		assertThatExceptionOfType(ToolArgumentException.class)
			.isThrownBy(() -> PlanDay.of(new ToolArguments(Map.of("tz", "+14:00")), LATE_ON_THE_7TH))
			.withMessageContaining("not a fixed offset");
	}

}
