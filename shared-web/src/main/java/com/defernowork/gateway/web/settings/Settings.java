package com.defernowork.gateway.web.settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.unit.DataSize;

/**
 * The checks settings get when they are bound: each throws an
 * {@link InvalidSettingException} naming the setting, given as
 * {@code "ENV_NAME (property.name)"}, and what it accepts.
 */
public final class Settings {

	/** The longest duration a setting takes. */
	private static final Duration LONGEST = Duration.ofDays(36500);

	private Settings() {
	}

	/**
	 * Positive, and at most a century: instants a longer one sets (an expiry, a deadline)
	 * overflow, and fail every request that computes them.
	 */
	public static Duration positive(Duration value, String setting) {
		if (value == null || !value.isPositive()) {
			throw new InvalidSettingException(setting, "a positive duration, e.g. 30s, 5m or 1d", value);
		}
		if (value.compareTo(LONGEST) > 0) {
			throw new InvalidSettingException(setting, "a positive duration of at most 36500d (a century)", value);
		}
		return value;
	}

	/**
	 * A positive duration given as text, for a setting read with {@code @Value}, whose
	 * own conversion failure would not name it.
	 */
	public static Duration positive(String value, String setting) {
		Duration duration = withUnit(value);
		if (duration == null) {
			throw new InvalidSettingException(setting, "a positive duration with its unit, e.g. 30s, 5m or 1d", value);
		}
		return positive(duration, setting);
	}

	/** The duration the text gives with its unit, or null. */
	private static Duration withUnit(String value) {
		if (DurationsWithUnits.isBareNumber(value.strip())) {
			return null;
		}
		try {
			return DurationStyle.detectAndParse(value);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	public static Duration notNegative(Duration value, String setting) {
		if (value == null || value.isNegative()) {
			throw new InvalidSettingException(setting, "a duration of 0 or more, e.g. 0, 5s or 1m", value);
		}
		return value;
	}

	public static long atLeast(long min, long value, String setting) {
		if (value < min) {
			throw new InvalidSettingException(setting, "a whole number of " + min + " or more", value);
		}
		return value;
	}

	/** A number from 0 to 1, such as a share of requests. */
	public static double fraction(String value, String setting) {
		try {
			double fraction = Double.parseDouble(value.trim());
			if (fraction >= 0 && fraction <= 1) {
				return fraction;
			}
		}
		catch (NumberFormatException ex) {
			// told below, as a number out of range is
		}
		throw new InvalidSettingException(setting, "a number from 0 to 1, e.g. 0.1", value);
	}

	public static DataSize positive(DataSize value, String setting) {
		if (value == null || value.toBytes() < 1) {
			throw new InvalidSettingException(setting, "a positive size, e.g. 64KB or 1MB", value);
		}
		return value;
	}

	/**
	 * An http(s) origin: scheme, host and optional port, nothing after it (no path, not
	 * even a trailing slash, no query).
	 */
	public static String origin(String value, String setting) {
		URI uri = httpUri(value);
		if (uri == null || uri.getRawUserInfo() != null || !uri.getRawPath().isEmpty() || uri.getRawQuery() != null
				|| uri.getRawFragment() != null) {
			throw new InvalidSettingException(setting,
					"an http(s) origin without path, query or trailing slash, e.g. https://mcp.example.com", value);
		}
		if (!hasValidPort(uri)) {
			// an empty port left a trailing ':'; one beyond 65535 is no port
			throw new InvalidSettingException(setting,
					"an http(s) origin whose port, when given, is a number from 1 to 65535, e.g. "
							+ "https://mcp.example.com or http://localhost:9000",
					value);
		}
		int defaultPort = uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
		if (uri.getPort() == defaultPort || !value.equals(value.toLowerCase(Locale.ROOT))) {
			// browsers send an Origin, and clients compare an issuer byte for
			// byte, in this form
			throw new InvalidSettingException(setting,
					"an origin as browsers write it: scheme and host in lower case, no default port (:443 for "
							+ "https, :80 for http), e.g. https://mcp.example.com",
					value);
		}
		return value;
	}

	/**
	 * An absolute http(s) URL without a query or fragment: callers append paths to it (an
	 * API base) or compare it (a resource), which a query would break.
	 */
	public static String httpUrl(String value, String setting) {
		URI uri = httpUri(value);
		if (uri == null || uri.getRawQuery() != null || uri.getRawFragment() != null || !hasValidPort(uri)) {
			throw new InvalidSettingException(setting,
					"an absolute http(s) URL without query or fragment, e.g. https://host.example.com/api", value);
		}
		return value;
	}

	/**
	 * No port, or one from 1 to 65535: {@link URI} takes any digits, and an empty port
	 * ({@code http://host:}) as none.
	 */
	private static boolean hasValidPort(URI uri) {
		String authority = uri.getRawAuthority();
		return !authority.endsWith(":") && (uri.getPort() == -1 || (uri.getPort() >= 1 && uri.getPort() <= 65535));
	}

	private static URI httpUri(String value) {
		if (value == null) {
			return null;
		}
		try {
			URI uri = new URI(value);
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
			boolean http = scheme.equals("http") || scheme.equals("https");
			return (http && uri.getHost() != null && !uri.isOpaque()) ? uri : null;
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

}
