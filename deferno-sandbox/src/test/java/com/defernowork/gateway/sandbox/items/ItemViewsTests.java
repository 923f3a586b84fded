package com.defernowork.gateway.sandbox.items;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ItemViewsTests {

	// 2026-05-07 23:30 UTC is already 2026-05-08 in Paris
	private final Clock clock = Clock.fixed(Instant.parse("2026-05-07T23:30:00Z"), ZoneOffset.UTC);

	private final ItemViews views = new ItemViews(null, this.clock);

	@Test
	void todayWhenZoneGivenThenThatZonesDateByTheSandboxClock() {
		assertThat(this.views.today(ZoneOffset.UTC)).isEqualTo(LocalDate.of(2026, 5, 7));
		assertThat(this.views.today(ZoneId.of("Europe/Paris"))).isEqualTo(LocalDate.of(2026, 5, 8));
	}

}
