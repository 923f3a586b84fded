package com.defernowork.gateway.web.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.http.HttpHeaders;

/**
 * The wait a {@code Retry-After} header asks for (RFC 9110 §10.2.3): seconds or an HTTP
 * date. A value that is neither (a negative number, words) is ignored, as the header is
 * only advice; a number of seconds too large to hold is still a wait, the longest there
 * is, so a read is not retried at once.
 */
public final class RetryAfter {

	public static final String HEADER = "Retry-After";

	/** The longest wait a Duration of whole seconds holds. */
	public static final Duration LONGEST = Duration.ofSeconds(Long.MAX_VALUE);

	private RetryAfter() {
	}

	/** The wait, never negative; {@code null} without a usable header value. */
	public static Duration of(String value) {
		return of(value, Clock.systemUTC());
	}

	public static Duration of(String value, Clock clock) {
		if (value == null || value.isBlank()) {
			return null;
		}
		value = value.strip();
		// RFC 9110's delay-seconds is ASCII digits only
		if (value.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			try {
				return Duration.ofSeconds(Long.parseLong(value));
			}
			catch (NumberFormatException ex) {
				// more digits than a long holds: longer than any bound
				return LONGEST;
			}
		}
		try {
			// HttpHeaders reads each of the three date forms HTTP allows
			HttpHeaders date = new HttpHeaders();
			date.set(HEADER, value);
			Instant until = Instant.ofEpochMilli(date.getFirstDate(HEADER));
			Duration wait = Duration.between(clock.instant(), until);
			return wait.isNegative() ? Duration.ZERO : wait;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/** Whole seconds, rounded up, as an agent reads them. */
	public static long seconds(Duration wait) {
		// adding before rounding would overflow at the longest wait
		return (wait.getNano() > 0) ? wait.getSeconds() + 1 : wait.getSeconds();
	}

}
