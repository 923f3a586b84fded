package com.defernowork.gateway.testsupport;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MutableClockTests {

	@Test
	void instantWhenStandingStillThenOnlyMovesWhenAdvanced() {
		Instant start = Instant.parse("2026-06-01T10:00:00Z");
		MutableClock clock = new MutableClock(start);
		assertThat(clock.instant()).isEqualTo(start);

		clock.advance(Duration.ofMinutes(5));

		assertThat(clock.instant()).isEqualTo(start.plus(Duration.ofMinutes(5)));
	}

	@Test
	void instantWhenFollowingTheSystemClockThenAheadOfItByWhatWasAdvanced() {
		MutableClock clock = MutableClock.system();
		clock.advance(Duration.ofDays(1));

		Instant before = Instant.now();
		Instant shown = clock.instant();

		assertThat(shown).isAfterOrEqualTo(before.plus(Duration.ofDays(1)))
			.isBefore(Instant.now().plus(Duration.ofDays(1)).plusMillis(1));
	}

	@Test
	void advanceWhenNegativeThenRefused() {
		MutableClock clock = new MutableClock();

		assertThatIllegalArgumentException().isThrownBy(() -> clock.advance(Duration.ofSeconds(-1)));
		assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
	}

}
