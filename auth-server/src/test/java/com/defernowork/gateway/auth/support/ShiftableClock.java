package com.defernowork.gateway.auth.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The application's clock in tests: the system's until a test moves it forward, so a test can pass a grace period
 * or a lifetime without waiting. Only ever forward, so tests sharing one running server are not disturbed.
 */
public final class ShiftableClock extends Clock {

	private volatile Duration offset = Duration.ZERO;

	public void shift(Duration by) {
		if (by.isNegative()) {
			throw new IllegalArgumentException("the clock only moves forward");
		}
		this.offset = this.offset.plus(by);
	}

	@Override
	public Instant instant() {
		return Instant.now().plus(this.offset);
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

	/** Test sources only: every application context of the auth server's tests runs on this clock. */
	@Configuration(proxyBeanMethods = false)
	static class Config {

		@Bean
		ShiftableClock clock() {
			return new ShiftableClock();
		}

	}

}
