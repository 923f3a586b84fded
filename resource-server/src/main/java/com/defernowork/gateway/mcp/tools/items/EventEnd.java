package com.defernowork.gateway.mcp.tools.items;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

import com.defernowork.gateway.mcp.deferno.client.DefernoClient;
import com.defernowork.gateway.mcp.deferno.client.SavedTimeZone;

import static com.defernowork.gateway.mcp.deferno.client.UriEncoding.encode;

/**
 * An Event's end when its start moves and its end is not given: Deferno keeps
 * {@code end_time} as an instant, so a new day ({@code complete_by}) or clock time
 * ({@code start_time_of_day}) alone stretched or shrank the event (or, moved later, was
 * refused as ending before it starts). The end moves as far as the start does, in the
 * person's wall-clock time, so the event keeps its length across a change of summer time.
 */
final class EventEnd {

	private EventEnd() {
	}

	/**
	 * The end to send with the new day and clock time (either {@code null} when not
	 * changed), or none when the event has no end or its start stays.
	 */
	static Optional<String> movedWithItsStart(DefernoClient client, String eventId, String newDay, String newClock) {
		JsonNode event = client.get("/events/" + encode(eventId));
		OffsetDateTime day = dateTime(event, "complete_by");
		OffsetDateTime end = dateTime(event, "end_time");
		if (day == null || end == null) {
			return Optional.empty();
		}
		ZoneId zone = SavedTimeZone.of(client);
		LocalTime clock = clock(event.get("start_time_of_day"));
		LocalDateTime start = start(day, clock, zone);
		LocalDateTime moved = start((newDay != null) ? OffsetDateTime.parse(newDay) : day,
				(newClock != null) ? LocalTime.parse(newClock) : clock, zone);
		Duration shift = Duration.between(start, moved);
		return shift.isZero() ? Optional.empty() : Optional
			.of(end.atZoneSameInstant(zone).toLocalDateTime().plus(shift).atZone(zone).toInstant().toString());
	}

	/**
	 * The day's date in the person's zone at the event's clock time, else the day's own.
	 */
	private static LocalDateTime start(OffsetDateTime day, LocalTime clock, ZoneId zone) {
		LocalDateTime local = day.atZoneSameInstant(zone).toLocalDateTime();
		return (clock != null) ? local.toLocalDate().atTime(clock) : local;
	}

	private static LocalTime clock(JsonNode value) {
		try {
			return (value != null && value.isString()) ? LocalTime.parse(value.stringValue()) : null;
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static OffsetDateTime dateTime(JsonNode item, String field) {
		JsonNode value = (item != null) ? item.get(field) : null;
		if (value == null || !value.isString()) {
			return null;
		}
		try {
			return OffsetDateTime.parse(value.stringValue());
		}
		catch (DateTimeParseException ex) {
			// a value Deferno would not write: the end is left as it is
			return null;
		}
	}

}
