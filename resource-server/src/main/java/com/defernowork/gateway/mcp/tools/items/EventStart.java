package com.defernowork.gateway.mcp.tools.items;

import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import com.defernowork.gateway.mcp.catalog.ToolArgumentException;

/**
 * When an Event starts. Deferno keeps an Event's {@code complete_by} (the instant it
 * checks {@code end_time} against, and its series' first day) and its
 * {@code start_time_of_day} (the clock its calendar shows) as they are sent, each on its
 * own: one whose two disagree started at one time for its end and at another for the
 * person. So they are one time here: {@code start_time_of_day} is {@code complete_by}'s
 * clock in the person's zone, and a pair that is not is refused naming both.
 */
public final class EventStart {

	private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");

	private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

	private EventStart() {
	}

	/**
	 * {@code completeBy}'s clock in {@code zone}, {@code HH:MM} as a time of day is
	 * written (its seconds dropped).
	 */
	public static String clockOf(String completeBy, ZoneId zone) {
		return OffsetDateTime.parse(completeBy).atZoneSameInstant(zone).format(CLOCK);
	}

	/** The zone as the person reads it: {@code UTC}, not Java's {@code Z}. */
	public static String name(ZoneId zone) {
		return zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
	}

	/**
	 * Refuses a {@code completeBy} whose clock in {@code zone} is not {@code clock},
	 * saying what to send for either time.
	 * @param day the day's argument, as the agent named it
	 * @param clockName the argument that sets the clock ({@code time_of_day})
	 * @param clockSource what the clock is: {@code time_of_day} sent alongside, or the
	 * event's own start time when only the day was sent
	 */
	public static void refuseDisagreement(String day, String completeBy, String clock, String clockName,
			String clockSource, ZoneId zone) {
		String clockThere = clockOf(completeBy, zone);
		// a clock that day skips (summer time begins) is the instant after the gap
		if (clockThere.equals(clock) || OffsetDateTime.parse(at(completeBy, clock, zone))
			.toInstant()
			.equals(OffsetDateTime.parse(completeBy).toInstant().truncatedTo(ChronoUnit.MINUTES))) {
			return;
		}
		throw new ToolArgumentException(day + " " + completeBy + " is " + clockThere + " in " + name(zone)
				+ " (the user's time zone) and " + clockSource + " is " + clock + ": an Event starts at " + day
				+ " (Deferno checks end_time against it) and its start time is that instant's clock, so the two must "
				+ "agree. Send " + day + " " + at(completeBy, clock, zone) + " to start at " + clock + ", or "
				+ clockName + " \"" + clockThere + "\" to start at " + clockThere);
	}

	/**
	 * {@code completeBy}'s day in {@code zone} at {@code clock}, with the zone's offset
	 * then.
	 */
	public static String at(String completeBy, String clock, ZoneId zone) {
		return OffsetDateTime.parse(completeBy)
			.atZoneSameInstant(zone)
			.toLocalDate()
			.atTime(LocalTime.parse(clock))
			.atZone(zone)
			.format(DATE_TIME);
	}

}
