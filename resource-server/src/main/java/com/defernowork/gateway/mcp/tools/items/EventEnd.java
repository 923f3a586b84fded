package com.defernowork.gateway.mcp.tools.items;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;

import com.defernowork.gateway.mcp.catalog.ToolArgumentException;
import com.defernowork.gateway.mcp.deferno.client.DefernoClient;

import static com.defernowork.gateway.mcp.deferno.client.UriEncoding.encode;

/**
 * An Event's end when its start moves and its end is not given: Deferno keeps
 * {@code end_time} as an instant, so a new day ({@code complete_by}) or clock time
 * ({@code start_time_of_day}) alone stretched or shrank the event (or was refused as
 * ending before it starts). The event starts at {@code complete_by}, the instant Deferno
 * checks the end against ({@link EventStart}: its clock is the start time). The end moves
 * so that the event lasts as long as before, in real time, also across a change of summer
 * time; a new clock time alone moves {@code complete_by} to it on the same day, with an
 * end or without. The person's zone is read at most once per update, and only when a
 * clock is to be compared or moved ({@code Supplier}s that remember it).
 */
final class EventEnd {

	/** What is read of the event. */
	private static final List<String> TIMES = List.of("complete_by", "start_time_of_day", "end_time");

	private EventEnd() {
	}

	/**
	 * Refuses a {@code complete_by} sent in {@code body} whose clock in the person's zone
	 * is not the event's start time: the {@code start_time_of_day} the same body sets,
	 * else the one the event has. An all-day event (or one made all-day) has none to
	 * disagree with. The zone is read only when there is a clock to compare.
	 */
	static void refuseDayOffItsClock(DefernoClient client, String eventId, JsonNode lookedUp, Map<String, Object> body,
			Supplier<ZoneId> zone) {
		if (!(body.get("complete_by") instanceof String day)) {
			return;
		}
		String clock;
		String source;
		if (body.containsKey("start_time_of_day")) {
			if (!(body.get("start_time_of_day") instanceof String sent)) {
				return;
			}
			clock = sent;
			source = "time_of_day";
		}
		else {
			LocalTime kept = clock(read(client, eventId, lookedUp).get("start_time_of_day"));
			if (kept == null) {
				return;
			}
			clock = minutes(kept);
			source = "the event's start time (its start_time_of_day; send time_of_day to change it)";
		}
		EventStart.refuseDisagreement("complete_by", day, clock, "time_of_day", source, zone.get());
	}

	/**
	 * The fields to send with the new day and clock time (either {@code null} when not
	 * changed), with the event they were computed from: {@code complete_by} when only the
	 * clock moved, and {@code end_time} when the event has one; none when its start
	 * stays. An end that moves is moved from the event as read just before the write,
	 * after the zone, not as its lookup answered it: Deferno has no conditional write,
	 * and an end the person set in between was replaced by one moved from the end before
	 * it. The read costs a request only when the lookup's answer says the end moves.
	 */
	static Move movedWithItsStart(DefernoClient client, String eventId, JsonNode lookedUp, String newDay,
			String newClock, Supplier<ZoneId> savedZone) {
		boolean lookupHoldsThem = LookedUp.holds(lookedUp, TIMES);
		if (lookupHoldsThem && (dateTime(lookedUp, "complete_by") == null
				|| (newClock == null && dateTime(lookedUp, "end_time") == null))) {
			return Move.NONE;
		}
		ZoneId zone = savedZone.get();
		if (lookupHoldsThem) {
			Map<String, Object> fields = moved(lookedUp, zone, newDay, newClock);
			if (fields.isEmpty()) {
				return Move.NONE;
			}
			if (dateTime(lookedUp, "end_time") == null) {
				// no end to have changed in between: the day alone moves, as the lookup
				// read it
				return new Move(fields, null);
			}
		}
		JsonNode event = client.get("/events/" + encode(eventId));
		return new Move(moved(event, zone, newDay, newClock), event);
	}

	private static Map<String, Object> moved(JsonNode event, ZoneId zone, String newDay, String newClock) {
		OffsetDateTime day = dateTime(event, "complete_by");
		OffsetDateTime end = dateTime(event, "end_time");
		Map<String, Object> fields = new LinkedHashMap<>();
		if (day == null) {
			return fields;
		}
		Instant start = day.toInstant();
		Instant moved = (newDay != null) ? OffsetDateTime.parse(newDay).toInstant()
				: (newClock != null) ? at(day, LocalTime.parse(newClock), zone) : start;
		if (moved.equals(start)) {
			return fields;
		}
		if (newDay == null) {
			fields.put("complete_by", moved.toString());
		}
		Duration length = (end != null) ? Duration.between(start, end.toInstant()) : null;
		if (length != null && !length.isNegative()) {
			fields.put("end_time", moved.plus(length).toString());
		}
		return fields;
	}

	/**
	 * {@code complete_by} at the clock time {@code body} sets without a day, on the day
	 * the event has: with an {@code end_time} sent too the end is not moved, but the
	 * start still is, or the new start time and the instant Deferno checks the end
	 * against would disagree.
	 */
	static void moveTheDayToANewClock(DefernoClient client, String eventId, JsonNode lookedUp, Map<String, Object> body,
			Supplier<ZoneId> zone) {
		if (body.containsKey("complete_by") || !(body.get("start_time_of_day") instanceof String clock)) {
			return;
		}
		OffsetDateTime day = dateTime(read(client, eventId, lookedUp), "complete_by");
		if (day == null) {
			return;
		}
		Instant moved = at(day, LocalTime.parse(clock), zone.get());
		if (!moved.equals(day.toInstant())) {
			body.put("complete_by", moved.toString());
		}
	}

	/**
	 * Refuses an {@code end_time} sent in {@code body} that is before the event starts:
	 * {@code complete_by} as the same body sets it, else as the event has it, which is
	 * what Deferno checks the end against. The zone is read only to say the refusal.
	 */
	static void refuseEndBeforeStart(DefernoClient client, String eventId, JsonNode lookedUp, Map<String, Object> body,
			Supplier<ZoneId> savedZone) {
		if (!(body.get("end_time") instanceof String sentEnd)) {
			return;
		}
		JsonNode event = null;
		OffsetDateTime day;
		if (body.get("complete_by") instanceof String sentDay) {
			day = OffsetDateTime.parse(sentDay);
		}
		else {
			event = read(client, eventId, lookedUp);
			day = dateTime(event, "complete_by");
		}
		if (day == null || !OffsetDateTime.parse(sentEnd).toInstant().isBefore(day.toInstant())) {
			return;
		}
		ZoneId zone = savedZone.get();
		String start = day.toInstant().toString();
		String clockThere = EventStart.clockOf(start, zone);
		LocalTime kept = (event != null) ? clock(event.get("start_time_of_day")) : null;
		String keptClock = (kept != null) ? minutes(kept) : null;
		String disagreement = (keptClock != null && !keptClock.equals(clockThere)) ? " This event's start time "
				+ "(start_time_of_day) is " + keptClock + ", not complete_by's clock: to start it at " + keptClock
				+ ", send complete_by " + EventStart.at(start, keptClock, zone) + " with the end." : "";
		throw new ToolArgumentException("end_time " + sentEnd + " is before the event starts at complete_by " + start
				+ " (" + clockThere + " in " + EventStart.name(zone) + "), the instant Deferno checks the end "
				+ "against: send an end_time after it, or move the start too (complete_by, time_of_day)."
				+ disagreement);
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

	/** {@code day}'s date in {@code zone} at {@code clock}. */
	private static Instant at(OffsetDateTime day, LocalTime clock, ZoneId zone) {
		return day.atZoneSameInstant(zone).toLocalDate().atTime(clock).atZone(zone).toInstant();
	}

	/** A time of day as the tools write it, HH:MM. */
	private static String minutes(LocalTime clock) {
		return clock.truncatedTo(ChronoUnit.MINUTES).toString();
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
