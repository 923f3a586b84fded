package com.defernowork.gateway.mcp.deferno.client;

import java.time.Duration;
import java.time.Instant;

import org.springframework.http.HttpHeaders;

/**
 * The wait a {@code Retry-After} header asks for (RFC 9110 §10.2.3): seconds or an HTTP
 * date. A value that is neither is ignored, as the header is only advice.
 */
final class RetryAfter {

	static final String HEADER = "Retry-After";

	private RetryAfter() {
	}

	/** The wait, never negative; {@code null} without a usable header value. */
	static Duration of(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		value = value.strip();
		if (value.chars().allMatch(Character::isDigit)) {
			try {
				return Duration.ofSeconds(Long.parseLong(value));
			}
			catch (NumberFormatException ex) {
				// more digits than a long holds: no wait anyone means
				return null;
			}
		}
		try {
			// HttpHeaders reads each of the three date forms HTTP allows
			HttpHeaders date = new HttpHeaders();
			date.set(HEADER, value);
			Instant until = Instant.ofEpochMilli(date.getFirstDate(HEADER));
			Duration wait = Duration.between(Instant.now(), until);
			return wait.isNegative() ? Duration.ZERO : wait;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/** Whole seconds, rounded up, as an agent reads them. */
	static long seconds(Duration wait) {
		return wait.plusNanos(999_999_999).toSeconds();
	}

}
