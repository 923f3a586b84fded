package com.defernowork.gateway.sandbox.api;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Typed, validating access to a JSON object request body. Distinguishes an absent key
 * from an explicit {@code null} (which clears a field), and answers a specific 400 for a
 * value of the wrong type.
 */
public final class Body {

	private static final Pattern TIME_OF_DAY = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");

	private final Map<String, Object> values;

	private Body(Map<String, Object> values) {
		this.values = values;
	}

	public static Body of(Map<String, Object> values) {
		return new Body((values != null) ? values : Map.of());
	}

	public boolean has(String key) {
		return this.values.containsKey(key);
	}

	public Object raw(String key) {
		return this.values.get(key);
	}

	public String string(String key) {
		Object value = this.values.get(key);
		if (value == null) {
			return null;
		}
		if (!(value instanceof String text)) {
			throw ApiException.badRequest("'" + key + "' must be a string");
		}
		return text;
	}

	public Boolean bool(String key) {
		Object value = this.values.get(key);
		if (value == null) {
			return null;
		}
		if (!(value instanceof Boolean flag)) {
			throw ApiException.badRequest("'" + key + "' must be a boolean");
		}
		return flag;
	}

	public Double number(String key) {
		Object value = this.values.get(key);
		if (value == null) {
			return null;
		}
		if (!(value instanceof Number number)) {
			throw ApiException.badRequest("'" + key + "' must be a number");
		}
		return number.doubleValue();
	}

	public Integer integer(String key) {
		Object value = this.values.get(key);
		if (value == null) {
			return null;
		}
		if (!(value instanceof Integer || value instanceof Long)) {
			throw ApiException.badRequest("'" + key + "' must be an integer");
		}
		long whole = ((Number) value).longValue();
		if (whole != (int) whole) {
			// never wrap around: 4294967297 must not become 1 and slip past a size limit
			throw ApiException.badRequest(
					"'" + key + "' must be an integer between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE);
		}
		return (int) whole;
	}

	public UUID uuid(String key) {
		String value = string(key);
		return (value != null) ? uuid(key, value) : null;
	}

	public Instant instant(String key) {
		String value = string(key);
		return (value != null) ? instant(key, value) : null;
	}

	public LocalDate date(String key) {
		String value = string(key);
		return (value != null) ? date(key, value) : null;
	}

	/** A wall-clock time {@code HH:MM}, or null; anything else answers 400. */
	public String timeOfDay(String key) {
		String value = string(key);
		if (value != null && !TIME_OF_DAY.matcher(value).matches()) {
			throw ApiException.validation(key + " must be HH:MM");
		}
		return value;
	}

	public List<String> strings(String key) {
		Object value = this.values.get(key);
		if (value == null) {
			return null;
		}
		if (!(value instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
			throw ApiException.badRequest("'" + key + "' must be an array of strings");
		}
		return list.stream().map(String.class::cast).toList();
	}

	@SuppressWarnings("unchecked")
	public List<Map<String, Object>> objects(String key) {
		Object value = this.values.get(key);
		if (value == null) {
			return null;
		}
		if (!(value instanceof List<?> list) || !list.stream().allMatch(Map.class::isInstance)) {
			throw ApiException.badRequest("'" + key + "' must be an array of objects");
		}
		List<Map<String, Object>> result = new ArrayList<>();
		list.forEach((item) -> result.add((Map<String, Object>) item));
		return result;
	}

	@SuppressWarnings("unchecked")
	public Map<String, Object> object(String key) {
		Object value = this.values.get(key);
		if (value == null) {
			return null;
		}
		if (!(value instanceof Map<?, ?> map)) {
			throw ApiException.badRequest("'" + key + "' must be an object");
		}
		return (Map<String, Object>) map;
	}

	public static UUID uuid(String name, String value) {
		try {
			return UUID.fromString(value.trim());
		}
		catch (IllegalArgumentException ex) {
			throw ApiException.badRequest("'" + name + "' must be a UUID, got '" + value + "'");
		}
	}

	public static Instant instant(String name, String value) {
		try {
			return OffsetDateTime.parse(value.trim()).toInstant();
		}
		catch (DateTimeParseException ex) {
			try {
				return LocalDate.parse(value.trim()).atStartOfDay().toInstant(java.time.ZoneOffset.UTC);
			}
			catch (DateTimeParseException ex2) {
				throw ApiException.badRequest("'" + name
						+ "' must be an RFC 3339 datetime such as 2026-06-10T00:00:00Z, got '" + value + "'");
			}
		}
	}

	/** An IANA zone a request names, such as its {@code tz}. */
	public static ZoneId zone(String name, String value) {
		try {
			return ZoneId.of(value);
		}
		catch (DateTimeException ex) {
			throw ApiException
				.badRequest(name + " must be an IANA time zone such as Europe/Paris, got '" + value + "'");
		}
	}

	public static LocalDate date(String name, String value) {
		try {
			return LocalDate.parse(value.trim());
		}
		catch (DateTimeParseException ex) {
			throw ApiException.badRequest("'" + name + "' must be a date YYYY-MM-DD, got '" + value + "'");
		}
	}

}
