package com.defernowork.gateway.mcp.tools.plan;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

import com.defernowork.gateway.mcp.catalog.ToolArguments;

/**
 * Which day a plan tool acts on: its {@code date}, else today in its {@code tz}, else
 * none, so Deferno picks its own today (in the person's saved zone, or UTC). The day is
 * worked out here rather than sending the tz, because Deferno keeps the first tz it is
 * sent as the person's preference; reading the plan and changing it then agree on the day
 * for the same arguments.
 */
final class PlanDay {

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

	/** The {@code tz} argument, an IANA time zone name; {@code null} without one. */
	static String zone(ToolArguments args) {
		return args.optionalTimeZone("tz");
	}

}
