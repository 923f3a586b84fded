package com.defernowork.gateway.sandbox.oauth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AuthorizationCodesTests {

	static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z");

	@Test
	void consumeWhenWithinFiveMinutesThenOnceOnly() {
		MutableClock clock = new MutableClock(T0);
		AuthorizationCodes codes = new AuthorizationCodes(clock);
		String code = codes.issue("c", "https://a/cb", "x", UUID.randomUUID());
		clock.now = T0.plus(Duration.ofMinutes(4));
		assertThat(codes.consume(code)).isPresent();
		assertThat(codes.consume(code)).isEmpty();
	}

	@Test
	void consumeWhenOlderThanFiveMinutesThenEmpty() {
		MutableClock clock = new MutableClock(T0);
		AuthorizationCodes codes = new AuthorizationCodes(clock);
		String code = codes.issue("c", "https://a/cb", "x", UUID.randomUUID());
		clock.now = T0.plus(Duration.ofMinutes(5)).plusSeconds(1);
		assertThat(codes.consume(code)).isEmpty();
	}

	static final class MutableClock extends Clock {

		Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
