package com.defernowork.gateway.web.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTests {

	static final Clock NOW = Clock.fixed(Instant.parse("2026-05-07T12:00:00Z"), ZoneOffset.UTC);

	@Test
	void ofWhenSecondsThenThatWaitWhateverTheSpaceAround() {
		assertThat(RetryAfter.of("30", NOW)).isEqualTo(Duration.ofSeconds(30));
		assertThat(RetryAfter.of(" 3\t", NOW)).isEqualTo(Duration.ofSeconds(3));
		assertThat(RetryAfter.of("0", NOW)).isEqualTo(Duration.ZERO);
	}

	@Test
	void ofWhenAnHttpDateThenTheTimeUntilItAndNothingWhenPast() {
		assertThat(RetryAfter.of("Thu, 07 May 2026 12:01:30 GMT", NOW)).isEqualTo(Duration.ofSeconds(90));
		assertThat(RetryAfter.of("Thu, 07 May 2026 11:59:00 GMT", NOW)).isEqualTo(Duration.ZERO);
	}

	@Test
	void ofWhenMoreSecondsThanALongHoldsThenTheLongestWaitNeverNone() {
		Duration wait = RetryAfter.of("99999999999999999999999", NOW);
		assertThat(wait).isEqualTo(RetryAfter.LONGEST);
		assertThat(RetryAfter.seconds(wait)).isEqualTo(Long.MAX_VALUE);
	}

	@Test
	void ofWhenNeitherSecondsNorADateThenIgnored() {
		assertThat(RetryAfter.of("-5", NOW)).isNull();
		assertThat(RetryAfter.of("soon", NOW)).isNull();
		assertThat(RetryAfter.of("1.5", NOW)).isNull();
		assertThat(RetryAfter.of("\u0663", NOW)).as("an Arabic-Indic three").isNull();
		assertThat(RetryAfter.of("  ", NOW)).isNull();
		assertThat(RetryAfter.of(null, NOW)).isNull();
	}

	@Test
	void secondsWhenAFractionThenRoundedUp() {
		assertThat(RetryAfter.seconds(Duration.ofMillis(1500))).isEqualTo(2);
		assertThat(RetryAfter.seconds(Duration.ofSeconds(2))).isEqualTo(2);
	}

}
