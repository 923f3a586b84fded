package com.defernowork.gateway.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock a test moves forward by hand instead of sleeping: standing still from a given
 * instant, or running with the system clock ({@link #system()}) for an application that
 * several tests share while one of them moves it ahead.
 */
public final class MutableClock extends Clock {

	private final Clock base;

	private volatile Duration offset = Duration.ZERO;

	/** Stands still at {@code start} until moved. */
	public MutableClock(Instant start) {
		this(Clock.fixed(start, ZoneOffset.UTC));
	}

	/** Stands still at the start of 2026 until moved. */
	public MutableClock() {
		this(Instant.parse("2026-01-01T00:00:00Z"));
	}

	private MutableClock(Clock base) {
		this.base = base;
	}

	/** Stands still at the current instant until moved. */
	public static MutableClock now() {
		return new MutableClock(Instant.now());
	}

	/** Runs with the system clock, ahead of it by however far tests moved it. */
	public static MutableClock system() {
		return new MutableClock(Clock.systemUTC());
	}

	/**
	 * Moves the clock forward; never back, so tests sharing one running application are
	 * not disturbed.
	 */
	public synchronized void advance(Duration duration) {
		if (duration.isNegative()) {
			throw new IllegalArgumentException("the clock only moves forward, not by " + duration);
		}
		this.offset = this.offset.plus(duration);
	}

	@Override
	public Instant instant() {
		return this.base.instant().plus(this.offset);
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

}
