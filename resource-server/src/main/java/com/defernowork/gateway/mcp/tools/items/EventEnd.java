package com.defernowork.gateway.mcp.tools.items;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import com.defernowork.gateway.mcp.catalog.ToolArgumentException;
import com.defernowork.gateway.mcp.deferno.client.DefernoClient;
import com.defernowork.gateway.mcp.deferno.client.SavedTimeZone;

import static com.defernowork.gateway.mcp.deferno.client.UriEncoding.encode;

/**
 * An Event's end when its start moves and its end is not given: Deferno keeps
 * {@code end_time} as an instant, so a new day ({@code complete_by}) or clock time
 * ({@code start_time_of_day}) alone stretched or shrank the event (or was refused as
 * ending before it starts). The end moves so that the event lasts as long as before, in
 * real time, also across a change of summer time; a new clock time alone moves
 * {@code complete_by}, the start Deferno checks the end against, to it on the same day.
 */
final class EventEnd {

	/** What is read of the event. */
	private static final List<String> TIMES = List.of("complete_by", "start_time_of_day", "end_time");

	private EventEnd() {
	}

	/**
	 * The fields to send with the new day and clock time (either {@code null} when not
	 * changed), with the event they were computed from: {@code end_time}, and
	 * {@code complete_by} when only the clock moved; none when the event has no end or
	 * its start stays. An end that moves is moved from the event as read just before the
	 * write, after the zone, not as its lookup answered it: Deferno has no conditional
	 * write, and an end the person set in between was replaced by one moved from the end
	 * before it. The read costs a request only when the lookup's answer says the end
	 * moves.
	 */
	static Move movedWithItsStart(DefernoClient client, String eventId, JsonNode lookedUp, String newDay,
			String newClock) {
		boolean lookupHoldsThem = LookedUp.holds(lookedUp, TIMES);
		if (lookupHoldsThem && (dateTime(lookedUp, "complete_by") == null || dateTime(lookedUp, "end_time") == null)) {
			return Move.NONE;
		}
		ZoneId zone = SavedTimeZone.of(client);
		if (lookupHoldsThem && moved(lookedUp, zone, newDay, newClock).isEmpty()) {
			return Move.NONE;
		}
		JsonNode event = client.get("/events/" + encode(eventId));
		return new Move(moved(event, zone, newDay, newClock), event);
	}

	private static Map<String, Object> moved(JsonNode event, ZoneId zone, String newDay, String newClock) {
		OffsetDateTime day = dateTime(event, "complete_by");
		OffsetDateTime end = dateTime(event, "end_time");
		Map<String, Object> fields = new LinkedHashMap<>();
		if (day == null || end == null) {
			return fields;
		}
		LocalTime clock = clock(event.get("start_time_of_day"));
		Instant start = start(day, clock, zone);
		OffsetDateTime sentDay = (newDay != null) ? OffsetDateTime.parse(newDay) : day;
		Instant moved = start(sentDay, (newClock != null) ? LocalTime.parse(newClock) : clock, zone);
		Duration length = Duration.between(start, end.toInstant());
		if (moved.equals(start) || length.isNegative()) {
			return fields;
		}
		if (newDay == null) {
			fields.put("complete_by", moved.toString());
		}
		fields.put("end_time", moved.plus(length).toString());
		return fields;
	}

	/**
	 * Refuses an {@code end_time} sent in {@code body} that is before the event starts,
	 * with the day and clock time the same body sets. Deferno checks an end against
	 * {@code complete_by} alone, the day's instant, which is not when an event with a
	 * clock time starts: an end between the two was stored, and every later move of the
	 * day refused for it.
	 */
	static void refuseEndBeforeStart(DefernoClient client, String eventId, JsonNode lookedUp,
			Map<String, Object> body) {
		if (!(body.get("end_time") instanceof String sentEnd)) {
			return;
		}
		JsonNode event = read(client, eventId, lookedUp);
		OffsetDateTime day = (body.get("complete_by") instanceof String sentDay) ? OffsetDateTime.parse(sentDay)
				: dateTime(event, "complete_by");
		if (day == null) {
			return;
		}
		LocalTime clock = body.containsKey("start_time_of_day")
				? ((body.get("start_time_of_day") instanceof String sentClock) ? LocalTime.parse(sentClock) : null)
				: clock(event.get("start_time_of_day"));
		ZoneId zone = SavedTimeZone.of(client);
		Instant start = start(day, clock, zone);
		if (OffsetDateTime.parse(sentEnd).toInstant().isBefore(start)) {
			throw new ToolArgumentException(
					"end_time " + sentEnd + " is before the event starts, " + start.atZone(zone).toOffsetDateTime()
							+ " (complete_by's day" + ((clock != null) ? " at start time " + clock : "") + ", in "
							+ zone + "): send an end_time after the start, or move the start too");
		}
	}

	/**
	 * What a move of the start sends besides it, and the event as read for it.
	 *
	 * @param fields {@code end_time}, and {@code complete_by} when only the clock moved;
	 * empty when the end stays
	 * @param read the event the fields were computed from, read just before the write;
	 * null when the lookup's answer told that the end stays
	 */
	record Move(Map<String, Object> fields, JsonNode read) {

		static final Move NONE = new Move(Map.of(), null);

	}

	/**
	 * The event's day, clock time and end: as the lookup of its ref answered them, else
	 * read.
	 */
	private static JsonNode read(DefernoClient client, String eventId, JsonNode lookedUp) {
		return LookedUp.orRead(lookedUp, TIMES, () -> client.get("/events/" + encode(eventId)));
	}

	/**
	 * The instant the event starts: its day's date in the person's zone at its clock
	 * time; the day's own instant when that is the clock time (the offset it was given
	 * settles the hour a change of summer time repeats) or when there is no clock time.
	 */
	private static Instant start(OffsetDateTime day, LocalTime clock, ZoneId zone) {
		ZonedDateTime local = day.atZoneSameInstant(zone);
		if (clock == null || local.toLocalTime().equals(clock)) {
			return day.toInstant();
		}
		LocalDate date = local.toLocalDate();
		return date.atTime(clock).atZone(zone).toInstant();
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
