package com.defernowork.gateway.mcp.tools.plan;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.defernowork.gateway.mcp.catalog.ToolArgumentException;
import com.defernowork.gateway.mcp.catalog.ToolArguments;
import com.defernowork.gateway.mcp.text.Quotes;

/**
 * Which day a plan tool acts on: its {@code date}, else today in its {@code tz}, else
 * none, so Deferno picks its own today (in the person's saved zone, or UTC). The day is
 * worked out here rather than sending the tz, because Deferno keeps the first tz it is
 * sent as the person's preference; reading the plan and changing it then agree on the day
 * for the same arguments.
 */
final class PlanDay {

	/**
	 * The runtime's region ids; {@link ZoneId#getAvailableZoneIds} copies them at every
	 * call.
	 */
	private static final Set<String> ZONE_NAMES = Set.copyOf(ZoneId.getAvailableZoneIds());

	/**
	 * Each region id by its lower-case spelling, to name the zone meant by {@code utc} or
	 * {@code europe/berlin}; of ids that differ only in case the first in order counts.
	 */
	private static final Map<String, String> ZONES_BY_LOWER_CASE = ZONE_NAMES.stream()
		.sorted()
		.collect(Collectors.toMap((id) -> id.toLowerCase(Locale.ROOT), Function.identity(), (first, next) -> first));

	private PlanDay() {
	}

	/** {@code YYYY-MM-DD}, or {@code null} to leave the day to Deferno. */
	static String of(ToolArguments args, Clock clock) {
		String date = args.optionalDate("date");
		String tz = zone(args);
		if (date == null && tz != null) {
			return LocalDate.now(clock.withZone(ZoneId.of(tz))).toString();
		}
		return date;
	}

	/**
	 * The {@code tz} argument, checked to be an IANA time zone name; {@code null} without
	 * one. {@link ZoneId#of} also takes fixed offsets ({@code +05:00}, {@code UTC+14}),
	 * which have no daylight saving time: remembered as the user's preference, one would
	 * put their day an hour off for half the year.
	 */
	static String zone(ToolArguments args) {
		String tz = args.optionalString("tz");
		if (tz != null && !ZONE_NAMES.contains(tz)) {
			String meant = ZONES_BY_LOWER_CASE.get(tz.strip().toLowerCase(Locale.ROOT));
			throw new ToolArgumentException("tz must be an IANA time zone name such as Europe/Paris, America/New_York "
					+ "or UTC, not a fixed offset; got '" + Quotes.atMost(tz, Quotes.SHORT) + "'"
					+ ((meant != null) ? ": did you mean " + meant + "?" : ""));
		}
		return tz;
	}

}
