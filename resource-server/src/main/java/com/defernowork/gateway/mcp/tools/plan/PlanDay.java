package com.defernowork.gateway.mcp.tools.plan;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;

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
			throw new ToolArgumentException("tz must be an IANA time zone name such as Europe/Paris, America/New_York "
					+ "or UTC, not a fixed offset; got '" + Quotes.atMost(tz, Quotes.SHORT) + "'");
		}
		return tz;
	}

}
