package com.defernowork.gateway.mcp.tools.items;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

import com.defernowork.gateway.mcp.deferno.client.DefernoClient;
import com.defernowork.gateway.mcp.deferno.client.SavedTimeZone;

import static com.defernowork.gateway.mcp.deferno.client.UriEncoding.encode;

/**
 * An Event's end when its day moves and its end is not given: Deferno keeps
 * {@code end_time} as an instant, so a new {@code complete_by} alone stretched the event
 * over the days between (or, moved later, was refused as ending before it starts). The
 * end moves by as many of the person's days, at its clock time, so the event keeps its
 * length.
 */
final class EventEnd {

	private EventEnd() {
	}

	/**
	 * The end to send with {@code newStart}, or none when the event has no end or its day
	 * stays.
	 */
	static Optional<String> movedWithItsDay(DefernoClient client, String eventId, String newStart) {
		JsonNode event = client.get("/events/" + encode(eventId));
		OffsetDateTime start = dateTime(event, "complete_by");
		OffsetDateTime end = dateTime(event, "end_time");
		if (start == null || end == null) {
			return Optional.empty();
		}
		ZoneId zone = SavedTimeZone.of(client);
		long days = ChronoUnit.DAYS.between(start.atZoneSameInstant(zone).toLocalDate(),
				OffsetDateTime.parse(newStart).atZoneSameInstant(zone).toLocalDate());
		return (days != 0) ? Optional.of(end.atZoneSameInstant(zone).plusDays(days).toInstant().toString())
				: Optional.empty();
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
