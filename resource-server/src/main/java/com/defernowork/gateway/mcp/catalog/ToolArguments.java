package com.defernowork.gateway.mcp.catalog;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.defernowork.gateway.mcp.text.Quotes;

/**
 * A tool call's arguments with typed, checked access. "Absent" (the key is missing) and
 * "null" (an explicit JSON null, meaning clear) are told apart where a tool needs it
 * ({@link #has}).
 */
public final class ToolArguments {

	/**
	 * The most entries any list argument takes (each tool schema's {@code maxItems} says
	 * so, some less): no call needs more, and a huge one would reach Deferno whole.
	 */
	public static final int MAX_ENTRIES = 100;

	/**
	 * The runtime's region ids; {@link ZoneId#getAvailableZoneIds} copies them at every
	 * call.
	 */
	/**
	 * The IANA names: Java's own {@code SystemV/*} zones are fixed offsets no other
	 * system knows, which Deferno would keep as the person's zone.
	 */
	private static final Set<String> ZONE_NAMES = ZoneId.getAvailableZoneIds()
		.stream()
		.filter((id) -> !id.startsWith("SystemV/"))
		.collect(Collectors.toUnmodifiableSet());

	/**
	 * Each region id by its lower-case spelling, to name the zone meant by {@code utc} or
	 * {@code europe/berlin}; of ids that differ only in case the first in order counts.
	 */
	private static final Map<String, String> ZONES_BY_LOWER_CASE = ZONE_NAMES.stream()
		.sorted()
		.collect(Collectors.toMap((id) -> id.toLowerCase(Locale.ROOT), Function.identity(), (first, next) -> first));

	/** RFC 3339, but for seconds, which agents often leave out and are taken as :00. */
	private static final Pattern DATE_TIME = Pattern.compile(
			"([0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2})(:[0-9]{2}(\\.[0-9]{1,9})?)?([Zz]|[+-][0-9]{2}:[0-9]{2})");

	private static final Pattern LOCAL_DATE_TIME = Pattern
		.compile("([0-9]{4}-[0-9]{2}-[0-9]{2})[Tt]([0-9]{2}:[0-9]{2})(:[0-9]{2})?");

	private final Map<String, Object> values;

	/**
	 * Where these arguments sit in the call, for messages: {@code files[0].}, or none.
	 */
	private final String path;

	public ToolArguments(Map<String, Object> values) {
		this(values, "");
	}

	private ToolArguments(Map<String, Object> values, String path) {
		this.values = (values != null) ? values : Collections.emptyMap();
		this.path = path;
	}

	/**
	 * The argument's name as an agent reads it in an error: {@code files[0].filename} for
	 * a member of an element.
	 */
	public String nameOf(String name) {
		return this.path + name;
	}

	/**
	 * Where these arguments sit, for messages: {@code operations[0]}, or the call's
	 * arguments.
	 */
	public String place() {
		return this.path.isEmpty() ? "arguments" : this.path.substring(0, this.path.length() - 1);
	}

	/** The names of every argument sent, {@code null} ones included. */
	public Set<String> names() {
		return this.values.keySet();
	}

	/**
	 * Refuses any argument not among {@code accepted}, naming it and what {@code what}
	 * (an update, a daily recurrence) takes, so that nothing sent is silently ignored.
	 */
	public void refuseUnknown(Collection<String> accepted, String what) {
		for (String name : this.values.keySet()) {
			if (!accepted.contains(name)) {
				throw new ToolArgumentException(nameOf(quote(name)) + " is not a field of " + what + " (" + what
						+ " takes: " + String.join(", ", accepted) + ")");
			}
		}
	}

	/** Whether the key was sent at all, even as {@code null}. */
	public boolean has(String name) {
		return this.values.containsKey(name);
	}

	public Object raw(String name) {
		return this.values.get(name);
	}

	public String requiredString(String name) {
		String value = optionalString(name);
		if (value == null || TextCheck.isBlank(value)) {
			throw new ToolArgumentException(nameOf(name) + " is required and must not be blank");
		}
		return value;
	}

	/**
	 * One line of text (a title, a label, a file name): a visible character at least, no
	 * control characters, no tabs or line breaks inside; spaces and line breaks around it
	 * are dropped, as Deferno drops them.
	 */
	public String requiredLine(String name) {
		return required(name, optionalLine(name));
	}

	/**
	 * {@link #requiredLine}, or {@code null} when absent, null or blank: an optional
	 * field sent without a visible character is not given (on an update, cleared).
	 */
	public String optionalLine(String name) {
		String value = optionalString(name);
		return (value != null) ? visibleOrNull(name, value.strip(), false) : null;
	}

	/**
	 * Text that may span lines (a description, a comment): a visible character at least,
	 * no control characters but tab and line breaks.
	 */
	public String requiredText(String name) {
		return required(name, optionalText(name));
	}

	/**
	 * {@link #requiredText}, or {@code null} when absent, null or blank, as for lines.
	 */
	public String optionalText(String name) {
		String value = optionalString(name);
		return (value != null) ? visibleOrNull(name, value, true) : null;
	}

	/**
	 * {@link #requiredLine} when sent, {@code null} when absent or null: for a filter or
	 * a change that null leaves alone, where dropping a blank value would quietly do
	 * something else than was asked (search without the filter, change nothing).
	 */
	public String lineIfSent(String name) {
		return (raw(name) != null) ? requiredLine(name) : null;
	}

	/** {@link #requiredText} when sent, {@code null} when absent or null, as lines. */
	public String textIfSent(String name) {
		return (raw(name) != null) ? requiredText(name) : null;
	}

	/**
	 * Text as it was sent, never normalized: Unicode's composition would turn a CJK
	 * compatibility ideograph or an Ohm sign into another character, and a person's words
	 * are stored as they wrote them.
	 */
	private String visibleOrNull(String name, String value, boolean lines) {
		TextCheck.check(nameOf(name), value, lines);
		return TextCheck.isBlank(value) ? null : value;
	}

	private String required(String name, String checked) {
		if (checked == null) {
			throw (optionalString(name) == null) ? new ToolArgumentException(nameOf(name) + " is required")
					: TextCheck.blank(nameOf(name));
		}
		return checked;
	}

	/**
	 * Lines each given once (a label list), each without the spaces around it as
	 * {@link #requiredLine}, or {@code null} when absent or null: a repeated one is
	 * refused rather than dropped, so that what is stored is what was sent; two that only
	 * differ in how Unicode composes them ({@code café}, {@code cafe\u0301}) are the same
	 * line to whoever reads them, and each is sent as it was given.
	 */
	public List<String> optionalDistinctLines(String name) {
		List<String> sent = optionalStringList(name);
		if (sent == null) {
			return null;
		}
		List<String> lines = new ArrayList<>(sent.size());
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < sent.size(); i++) {
			String line = sent.get(i).strip();
			TextCheck.check(nameOf(name) + "[" + i + "]", line, false);
			if (TextCheck.isBlank(line)) {
				throw TextCheck.blank(nameOf(name) + "[" + i + "]");
			}
			if (!seen.add(Normalizer.normalize(line, Normalizer.Form.NFC))) {
				throw repeated(name, i, line);
			}
			lines.add(line);
		}
		return lines;
	}

	/**
	 * At most {@code maxItems} strings, each given once and none blank (refs to resolve,
	 * one lookup each; ids), or {@code null} when absent or null.
	 */
	public List<String> optionalDistinctStrings(String name, int maxItems) {
		refuseOver(name, maxItems);
		List<String> strings = optionalStringList(name);
		if (strings != null) {
			for (int i = 0; i < strings.size(); i++) {
				if (TextCheck.isBlank(strings.get(i))) {
					throw TextCheck.blank(nameOf(name) + "[" + i + "]");
				}
			}
			refuseRepeats(name, strings);
		}
		return strings;
	}

	private void refuseRepeats(String name, List<?> values) {
		Set<Object> seen = new HashSet<>();
		for (int i = 0; i < values.size(); i++) {
			if (!seen.add(values.get(i))) {
				throw repeated(name, i, values.get(i));
			}
		}
	}

	private ToolArgumentException repeated(String name, int index, Object value) {
		return new ToolArgumentException(
				nameOf(name) + "[" + index + "] repeats '" + quote(String.valueOf(value)) + "': give each once");
	}

	/**
	 * Refuses a list of more than {@code maxItems} where its entries can go in several
	 * calls, saying so; before the bound every list has.
	 */
	private void refuseOver(String name, int maxItems) {
		if (this.values.get(name) instanceof List<?> list && list.size() > maxItems) {
			throw new ToolArgumentException(
					nameOf(name) + " takes at most " + maxItems + " entries; got " + list.size() + ": split the call");
		}
	}

	/**
	 * A raw id as Deferno gave it, which becomes a path segment: control characters,
	 * slashes and backslashes cannot be part of one, and {@code .} or {@code ..} would be
	 * a dot-segment that moves the request to another path.
	 */
	public String requiredId(String name) {
		String value = requiredString(name);
		if (value.equals(".") || value.equals("..")
				|| value.codePoints()
					.anyMatch((c) -> Character.isISOControl(c) || Character.getType(c) == Character.SURROGATE
							|| c == '/' || c == '\\')) {
			throw new ToolArgumentException(
					nameOf(name) + " must be an id as Deferno gave it: not . or .., and no control "
							+ "characters, lone surrogates, slashes or backslashes; got '" + quote(value) + "'");
		}
		return value;
	}

	public String optionalString(String name) {
		Object value = this.values.get(name);
		if (value == null) {
			return null;
		}
		if (!(value instanceof String text)) {
			throw new ToolArgumentException(nameOf(name) + " must be a string");
		}
		return text;
	}

	/**
	 * A wall-clock time {@code HH:MM} (00:00 to 23:59), or {@code null} when absent or
	 * null.
	 */
	public String optionalTimeOfDay(String name) {
		String value = optionalString(name);
		if (value != null && !value.matches("([01][0-9]|2[0-3]):[0-5][0-9]")) {
			throw new ToolArgumentException(
					nameOf(name) + " must be a wall-clock time HH:MM, got '" + quote(value) + "'");
		}
		return value;
	}

	/**
	 * An IANA time zone name, or {@code null} when absent. {@link ZoneId#of} also takes
	 * fixed offsets ({@code +05:00}, {@code UTC+14}), which have no daylight saving time:
	 * Deferno remembering one as the user's preference would put their day an hour off
	 * for half the year.
	 */
	public String optionalTimeZone(String name) {
		String tz = optionalString(name);
		if (tz != null && !ZONE_NAMES.contains(tz)) {
			String meant = ZONES_BY_LOWER_CASE.get(tz.strip().toLowerCase(Locale.ROOT));
			boolean offset = isFixedOffset(tz);
			throw new ToolArgumentException(
					nameOf(name) + " must be an IANA time zone name such as Europe/Paris, America/New_York or UTC"
							+ (offset ? ", not a fixed offset" : "") + "; got '" + Quotes.atMost(tz, Quotes.SHORT) + "'"
							+ ((meant != null) ? ": did you mean " + meant + "?" : offset ? "" : ", which is not one"));
		}
		return tz;
	}

	/**
	 * What {@link ZoneId#of} takes that is no zone name: {@code +05:00}, {@code UTC+14},
	 * {@code Z}.
	 */
	private static boolean isFixedOffset(String tz) {
		try {
			ZoneId.of(tz);
			return true;
		}
		catch (DateTimeException ex) {
			return false;
		}
	}

	public boolean bool(String name, boolean fallback) {
		Object value = this.values.get(name);
		if (value == null) {
			return fallback;
		}
		if (!(value instanceof Boolean flag)) {
			throw new ToolArgumentException(nameOf(name) + " must be true or false");
		}
		return flag;
	}

	public Boolean optionalBool(String name) {
		return this.values.get(name) == null ? null : bool(name, false);
	}

	/**
	 * A whole number from {@code min} to {@code max}, or {@code null} when absent or
	 * null. {@code 1.0} is whole, as JSON Schema's {@code integer} has it; {@code 1.5} is
	 * not.
	 */
	public Integer optionalInt(String name, int min, int max) {
		Long number = optionalLong(name, min, max);
		return (number != null) ? number.intValue() : null;
	}

	/** As {@link #optionalInt}, for a range beyond an {@code int}'s. */
	public Long optionalLong(String name, long min, long max) {
		Object value = this.values.get(name);
		if (value == null) {
			return null;
		}
		BigDecimal number = (value instanceof Number given) ? exact(given) : null;
		if (number == null || number.stripTrailingZeros().scale() > 0) {
			throw new ToolArgumentException(nameOf(name) + " must be a whole number from " + min + " to " + max
					+ "; got " + quote(value.toString()));
		}
		if (number.compareTo(BigDecimal.valueOf(min)) < 0 || number.compareTo(BigDecimal.valueOf(max)) > 0) {
			throw new ToolArgumentException(nameOf(name) + " is out of range: it must be from " + min + " to " + max
					+ "; got " + quote(value.toString()));
		}
		return number.longValue();
	}

	/**
	 * A number as it is, exactly; {@code null} for NaN and the infinities. A request's
	 * fractions come as {@code BigDecimal} (the MCP mapper reads them so): a double would
	 * have made 10.0000000000000000000001 a whole 10.
	 */
	public static BigDecimal exact(Number number) {
		return switch (number) {
			case BigDecimal exact -> exact;
			case BigInteger whole -> new BigDecimal(whole);
			case Double ignored -> Double.isFinite(number.doubleValue()) ? new BigDecimal(number.doubleValue()) : null;
			case Float ignored -> Float.isFinite(number.floatValue()) ? new BigDecimal(number.doubleValue()) : null;
			default -> BigDecimal.valueOf(number.longValue());
		};
	}

	public Double optionalNumber(String name) {
		Object value = this.values.get(name);
		if (value == null) {
			return null;
		}
		if (value instanceof Number number) {
			return number.doubleValue();
		}
		throw new ToolArgumentException(nameOf(name) + " must be a number");
	}

	/**
	 * A {@code YYYY-MM-DD} date with a four-digit year ({@link Days}), or {@code null}
	 * when absent.
	 */
	public String optionalDate(String name) {
		String value = optionalString(name);
		if (value == null) {
			return null;
		}
		if (Days.parse(value) == null) {
			throw new ToolArgumentException(
					Days.matches(value) ? notOnTheCalendar(name, value, Days.whyNoSuchDay(value))
							: nameOf(name) + " must be a date YYYY-MM-DD with a four-digit year, e.g. 2026-06-10; got '"
									+ quote(value) + "'");
		}
		return value;
	}

	public String requiredDate(String name) {
		requiredString(name);
		return optionalDate(name);
	}

	/**
	 * The days of a from/to filter: a range that ends before it starts is refused, not
	 * answered with nothing.
	 */
	public DateRange optionalDateRange(String fromName, String toName) {
		String from = optionalDate(fromName);
		String to = optionalDate(toName);
		// four-digit years: the text compares as the days do
		if (from != null && to != null && from.compareTo(to) > 0) {
			throw new ToolArgumentException(
					nameOf(fromName) + " must not be after " + nameOf(toName) + "; got " + from + " and " + to);
		}
		return new DateRange(from, to);
	}

	/**
	 * An RFC 3339 date-time: four-digit year, seconds, and {@code Z} or an offset
	 * {@code ±hh:mm} (e.g. {@code 2026-06-10T09:00:00Z}), passed on with {@code T} and
	 * {@code Z} in upper case. {@link OffsetDateTime#parse} alone would also take
	 * {@code +12026-…}, a time without seconds and offsets with seconds.
	 */
	public String optionalDateTime(String name) {
		String value = optionalString(name);
		if (value == null) {
			return null;
		}
		Matcher dateTime = DATE_TIME.matcher(value);
		if (dateTime.matches()) {
			String canonical = (dateTime.group(1) + Objects.requireNonNullElse(dateTime.group(2), ":00")
					+ dateTime.group(4))
				.toUpperCase(Locale.ROOT);
			try {
				int year = OffsetDateTime.parse(canonical).withOffsetSameInstant(ZoneOffset.UTC).getYear();
				if (year < 0 || year > 9999) {
					// Deferno would store it, and answer a value no tool takes back
					throw new ToolArgumentException(nameOf(name) + " '" + quote(value) + "' falls in year " + year
							+ " in UTC, and Deferno keeps years 0000 to 9999: pass a time within them");
				}
				return canonical;
			}
			catch (DateTimeParseException ex) {
				String why = whyNotOnTheCalendar(dateTime.group(1).substring(0, 10), dateTime.group(1).substring(11),
						dateTime.group(2));
				if (why != null) {
					throw new ToolArgumentException(notOnTheCalendar(name, value, why));
				}
				if (!isOffset(dateTime.group(4))) {
					throw new ToolArgumentException(nameOf(name) + " '" + quote(value) + "' has an offset no clock "
							+ "uses (" + dateTime.group(4) + "): offsets reach at most ±18:00, with minutes 00 to 59");
				}
			}
		}
		throw new ToolArgumentException(
				nameOf(name) + " must be an ISO-8601 date-time as RFC 3339 has it (four-digit year, "
						+ "hours and minutes, and Z or an offset ±hh:mm), e.g. 2026-06-10T09:00:00Z; got '"
						+ quote(value) + "'");
	}

	/**
	 * A local date-time, a wall-clock time without zone or offset
	 * ({@code YYYY-MM-DDTHH:MM} and optional seconds), passed on with {@code T} in upper
	 * case and seconds; for what Deferno names by its local start, such as an instance of
	 * a recurring series.
	 */
	public String optionalLocalDateTime(String name) {
		String value = optionalString(name);
		if (value == null) {
			return null;
		}
		Matcher dateTime = LOCAL_DATE_TIME.matcher(value);
		if (dateTime.matches()) {
			String canonical = dateTime.group(1) + "T" + dateTime.group(2)
					+ Objects.requireNonNullElse(dateTime.group(3), ":00");
			try {
				LocalDateTime.parse(canonical);
				return canonical;
			}
			catch (DateTimeParseException ex) {
				String why = whyNotOnTheCalendar(dateTime.group(1), dateTime.group(2), dateTime.group(3));
				if (why != null) {
					throw new ToolArgumentException(notOnTheCalendar(name, value, why));
				}
			}
		}
		throw new ToolArgumentException(nameOf(name) + " must be a local date-time YYYY-MM-DDTHH:MM[:SS] without Z "
				+ "or an offset, e.g. 2026-06-10T23:59:59; got '" + quote(value) + "'");
	}

	/** {@code Z}, or {@code ±hh:mm} within ±18:00 with minutes 00 to 59. */
	private static boolean isOffset(String offset) {
		try {
			ZoneOffset.of(offset.toUpperCase(Locale.ROOT));
			return true;
		}
		catch (DateTimeException ex) {
			return false;
		}
	}

	private static String whyNotOnTheCalendar(String date, String hoursMinutes, String colonSeconds) {
		String day = Days.whyNoSuchDay(date);
		return (day != null) ? day : Days.whyNoSuchTime(hoursMinutes, colonSeconds);
	}

	private String notOnTheCalendar(String name, String value, String why) {
		return nameOf(name) + " '" + quote(value) + "' is not on the calendar: " + why;
	}

	/**
	 * One of the allowed values when sent; {@code null} when absent, but a sent
	 * {@code null} is refused: for a field that cannot be cleared it would only reach
	 * Deferno to be refused there.
	 */
	public String enumIfSent(String name, List<String> allowed) {
		if (has(name) && raw(name) == null) {
			throw new ToolArgumentException(
					nameOf(name) + " cannot be null: pass one of " + String.join(", ", allowed));
		}
		return optionalEnum(name, allowed);
	}

	/** One of the allowed values, or {@code null} when absent. */
	public String optionalEnum(String name, List<String> allowed) {
		String value = optionalString(name);
		if (value != null && !allowed.contains(value)) {
			throw new ToolArgumentException(
					nameOf(name) + " must be one of " + String.join(", ", allowed) + "; got '" + quote(value) + "'");
		}
		return value;
	}

	public List<String> optionalStringList(String name) {
		List<?> list = list(name, "an array of strings");
		if (list == null) {
			return null;
		}
		List<String> out = new ArrayList<>();
		for (Object element : list) {
			if (!(element instanceof String text)) {
				throw new ToolArgumentException(nameOf(name) + " must be an array of strings");
			}
			out.add(text);
		}
		return out;
	}

	@SuppressWarnings("unchecked")
	public List<Map<String, Object>> optionalObjectList(String name) {
		List<?> list = list(name, "an array of objects");
		if (list == null) {
			return null;
		}
		List<Map<String, Object>> out = new ArrayList<>();
		for (Object element : list) {
			if (!(element instanceof Map<?, ?> map)) {
				throw new ToolArgumentException(nameOf(name) + " must be an array of objects");
			}
			out.add((Map<String, Object>) map);
		}
		return out;
	}

	/**
	 * The list sent, of at most {@link #MAX_ENTRIES}; {@code null} when absent or null.
	 */
	private List<?> list(String name, String what) {
		Object value = this.values.get(name);
		if (value == null) {
			return null;
		}
		if (!(value instanceof List<?> list)) {
			throw new ToolArgumentException(nameOf(name) + " must be " + what);
		}
		if (list.size() > MAX_ENTRIES) {
			throw new ToolArgumentException(
					nameOf(name) + " takes at most " + MAX_ENTRIES + " entries; got " + list.size());
		}
		return list;
	}

	/**
	 * Each element of an array of objects as arguments of their own, named in errors by
	 * their place ({@code files[0].size_bytes}); {@code null} when absent or null.
	 */
	public List<ToolArguments> optionalElements(String name) {
		return optionalElements(name, MAX_ENTRIES);
	}

	/**
	 * {@link #optionalElements(String)} of at most {@code maxItems}: where each element
	 * costs a call to Deferno, refused before the first.
	 */
	public List<ToolArguments> optionalElements(String name, int maxItems) {
		refuseOver(name, maxItems);
		List<Map<String, Object>> objects = optionalObjectList(name);
		if (objects == null) {
			return null;
		}
		List<ToolArguments> elements = new ArrayList<>();
		for (int i = 0; i < objects.size(); i++) {
			elements.add(new ToolArguments(objects.get(i), nameOf(name) + "[" + i + "]."));
		}
		return elements;
	}

	/**
	 * An object's members as arguments of their own, named in errors by their place
	 * ({@code recurrence.end.n}); {@code null} when absent or null.
	 */
	public ToolArguments optionalNested(String name) {
		Map<String, Object> object = optionalObject(name);
		return (object != null) ? new ToolArguments(object, nameOf(name) + ".") : null;
	}

	@SuppressWarnings("unchecked")
	public Map<String, Object> optionalObject(String name) {
		Object value = this.values.get(name);
		if (value == null) {
			return null;
		}
		if (!(value instanceof Map<?, ?> map)) {
			throw new ToolArgumentException(nameOf(name) + " must be an object");
		}
		return (Map<String, Object>) map;
	}

	private static String quote(String value) {
		return Quotes.atMost(value, Quotes.SHORT);
	}

}
