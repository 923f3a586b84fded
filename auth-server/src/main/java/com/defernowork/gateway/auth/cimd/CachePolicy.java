package com.defernowork.gateway.auth.cimd;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.hc.client5.http.utils.DateUtils;
import org.apache.hc.core5.http.message.MessageSupport;
import org.apache.hc.core5.http.message.ParserCursor;

import com.defernowork.gateway.web.settings.InvalidSettingException;

/**
 * How long a fetched document may be used without asking its host again: what its HTTP
 * caching headers say (RFC 9111) within the operator's bounds, as the draft allows. An
 * expired document may stand in for a refetch that failed for no fault of its own, unless
 * its headers forbid serving it stale (RFC 9111 §4.2.4).
 */
final class CachePolicy {

	/** Directives that forbid a shared cache to serve the response stale. */
	private static final List<String> STRICT = List.of("no-cache", "must-revalidate", "proxy-revalidate", "s-maxage");

	private final Duration min;

	private final Duration max;

	private final Duration fallback;

	private final Duration staleIfError;

	CachePolicy(Duration min, Duration max, Duration fallback, Duration staleIfError) {
		if (min.isNegative() || max.compareTo(min) < 0) {
			throw new InvalidSettingException("AUTH_CIMD_CACHE_MIN_TTL (auth.cimd.cache.min-ttl)",
					"0 or more and at most AUTH_CIMD_CACHE_MAX_TTL (auth.cimd.cache.max-ttl, " + max + ")", min);
		}
		this.min = min;
		this.max = max;
		this.fallback = fallback;
		this.staleIfError = staleIfError;
	}

	/** How long the document stays fresh; empty when it must not be stored at all. */
	Optional<Duration> lifetime(CacheHeaders headers, Instant now) {
		Map<String, String> directives = directives(headers.cacheControl());
		if (directives.containsKey("no-store")) {
			return Optional.empty();
		}
		Duration lifetime = this.fallback;
		if (directives.containsKey("no-cache")) {
			lifetime = Duration.ZERO;
		}
		else if (directives.containsKey("s-maxage") || directives.containsKey("max-age")) {
			lifetime = seconds(directives.getOrDefault("s-maxage", directives.get("max-age"))).orElse(Duration.ZERO);
		}
		else if (headers.expires() != null) {
			lifetime = untilExpires(headers, now);
		}
		lifetime = lifetime.minus(seconds(headers.age()).orElse(Duration.ZERO));
		return Optional.of(clamp(lifetime));
	}

	/**
	 * How long past its lifetime the document may still be used when it cannot be
	 * fetched; zero when its headers demand revalidation ({@code s-maxage} does too, for
	 * a shared cache like this one).
	 */
	Duration staleIfError(CacheHeaders headers) {
		Map<String, String> directives = directives(headers.cacheControl());
		return STRICT.stream().anyMatch(directives::containsKey) ? Duration.ZERO : this.staleIfError;
	}

	/** The directives by lower-case name, a repeated one's last value winning. */
	private static Map<String, String> directives(String cacheControl) {
		Map<String, String> directives = new HashMap<>();
		if (cacheControl != null) {
			MessageSupport.parseElements(cacheControl, new ParserCursor(0, cacheControl.length()),
					(element) -> directives.put(element.getName().toLowerCase(Locale.ROOT), element.getValue()));
		}
		return directives;
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

}
