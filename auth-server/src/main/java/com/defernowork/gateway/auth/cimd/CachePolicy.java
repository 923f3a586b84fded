package com.defernowork.gateway.auth.cimd;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import org.apache.hc.client5.http.utils.DateUtils;
import org.apache.hc.core5.http.HeaderElement;
import org.apache.hc.core5.http.message.MessageSupport;
import org.apache.hc.core5.http.message.ParserCursor;

/**
 * How long a fetched document may be used without asking its host again, from its HTTP
 * caching headers (RFC 9111) within the operator's bounds, which the draft allows:
 * {@code no-store} means never stored; {@code s-maxage}, {@code max-age} or
 * {@code Expires} minus {@code Date} give the lifetime, less the {@code Age} it already
 * has; {@code no-cache} counts as a lifetime of zero; without any of these, the default
 * lifetime. The result is raised to the minimum and capped at the maximum.
 */
final class CachePolicy {

	private final Duration min;

	private final Duration max;

	private final Duration fallback;

	CachePolicy(Duration min, Duration max, Duration fallback) {
		if (min.isNegative() || max.compareTo(min) < 0) {
			throw new IllegalArgumentException(
					"auth.cimd.cache: need 0 <= min-ttl <= max-ttl, got " + min + " and " + max);
		}
		this.min = min;
		this.max = max;
		this.fallback = fallback;
	}

	/** How long the document stays fresh; empty when it must not be stored at all. */
	Optional<Duration> lifetime(CacheHeaders headers, Instant now) {
		Directives directives = Directives.parse(headers.cacheControl());
		if (directives.noStore) {
			return Optional.empty();
		}
		Duration lifetime;
		if (directives.noCache) {
			lifetime = Duration.ZERO;
		}
		else if (directives.sharedMaxAge != null) {
			lifetime = directives.sharedMaxAge;
		}
		else if (directives.maxAge != null) {
			lifetime = directives.maxAge;
		}
		else if (headers.expires() != null) {
			lifetime = untilExpires(headers, now);
		}
		else {
			lifetime = this.fallback;
		}
		lifetime = lifetime.minus(seconds(headers.age()).orElse(Duration.ZERO));
		return Optional.of(clamp(lifetime));
	}

	private Duration clamp(Duration lifetime) {
		if (lifetime.compareTo(this.min) < 0) {
			return this.min;
		}
		return (lifetime.compareTo(this.max) > 0) ? this.max : lifetime;
	}

	/** An invalid {@code Expires} means already expired (RFC 9111 §5.3). */
	private static Duration untilExpires(CacheHeaders headers, Instant now) {
		Instant expires = DateUtils.parseStandardDate(headers.expires());
		if (expires == null) {
			return Duration.ZERO;
		}
		Instant date = (headers.date() != null) ? DateUtils.parseStandardDate(headers.date()) : null;
		return Duration.between((date != null) ? date : now, expires);
	}

	/** A delta-seconds value; absent, negative or malformed values count as absent. */
	private static Optional<Duration> seconds(String value) {
		if (value == null || value.isBlank()) {
			return Optional.empty();
		}
		String digits = value.trim();
		if (!digits.chars().allMatch(Character::isDigit)) {
			return Optional.empty();
		}
		// RFC 9111 §1.2.2: values too large to represent mean "very large"
		return Optional.of((digits.length() > 12) ? Duration.ofSeconds(999_999_999_999L)
				: Duration.ofSeconds(Long.parseLong(digits)));
	}

	private static final class Directives {

		boolean noStore;

		boolean noCache;

		Duration maxAge;

		Duration sharedMaxAge;

		static Directives parse(String cacheControl) {
			Directives directives = new Directives();
			if (cacheControl == null) {
				return directives;
			}
			MessageSupport.parseElements(cacheControl, new ParserCursor(0, cacheControl.length()),
					(element) -> directives.add(element));
			return directives;
		}

		private void add(HeaderElement element) {
			switch (element.getName().toLowerCase(Locale.ROOT)) {
				case "no-store" -> this.noStore = true;
				case "no-cache" -> this.noCache = true;
				case "max-age" -> this.maxAge = seconds(element.getValue()).orElse(Duration.ZERO);
				case "s-maxage" -> this.sharedMaxAge = seconds(element.getValue()).orElse(Duration.ZERO);
				default -> {
					// private, public, must-revalidate and extensions change nothing for
					// this server
				}
			}
		}

	}

}
