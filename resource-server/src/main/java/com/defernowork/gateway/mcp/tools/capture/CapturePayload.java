package com.defernowork.gateway.mcp.tools.capture;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.defernowork.gateway.mcp.deferno.client.Payload;
import com.defernowork.gateway.mcp.catalog.ToolArgumentException;
import com.defernowork.gateway.mcp.catalog.ToolArguments;
import com.defernowork.gateway.mcp.tools.items.EventStart;
import com.defernowork.gateway.mcp.tools.items.ItemChanges;
import com.defernowork.gateway.mcp.tools.items.RecurrenceArgument;

/**
 * {@code capture_item}'s kind derivation and create payload: attend → Event (repeating
 * with a recurrence, one-off without); not repeating → Task; repeating + need → Chore;
 * repeating + want → Habit. Pure, so the golden vectors test it directly; every refusal
 * happens before any HTTP, an Event's start after the person's zone is read
 * ({@link #withEventStart}).
 *
 * @param note what the answer tells of how the payload was settled, or {@code null}
 */
public record CapturePayload(String kind, String path, Map<String, Object> payload, String note) {

	static final List<String> OBLIGATIONS = List.of("need", "want");

	CapturePayload(String kind, String path, Map<String, Object> payload) {
		this(kind, path, payload, null);
	}

	/**
	 * An Event's start settled in the person's {@code zone} (anything else as it is): a
	 * time_of_day that is not complete_by's clock there is refused (Deferno would keep
	 * both, and check the end against complete_by); without one, complete_by's clock
	 * there is the start time, or at midnight the Event is all-day, and the note says
	 * which.
	 */
	public CapturePayload withEventStart(ZoneId zone) {
		if (!this.kind.equals("event")) {
			return this;
		}
		String completeBy = (String) this.payload.get("complete_by");
		String time = (String) this.payload.get("start_time_of_day");
		if (time != null) {
			EventStart.refuseDisagreement("complete_by", completeBy, time, "time_of_day", "time_of_day", zone);
			return this;
		}
		String clock = EventStart.clockOf(completeBy, zone);
		if (clock.equals("00:00")) {
			return new CapturePayload(this.kind, this.path, this.payload, "complete_by " + completeBy
					+ " is midnight in " + EventStart.name(zone) + " (the user's time zone), so the Event was made "
					+ "all-day (start_time_of_day null); to give it a start time, update_item it with time_of_day "
					+ "(HH:MM), which moves complete_by to that time of its day");
		}
		Map<String, Object> timed = new LinkedHashMap<>();
		this.payload.forEach((key, value) -> {
			timed.put(key, value);
			if (key.equals("complete_by")) {
				timed.put("start_time_of_day", clock);
			}
		});
		return new CapturePayload(this.kind, this.path, timed,
				"start_time_of_day " + clock + " was taken from complete_by " + completeBy + ", which is " + clock
						+ " in " + EventStart.name(zone) + " (the user's time zone); update_item with time_of_day "
						+ "changes it (complete_by moves with it), and complete_by at local midnight makes an "
						+ "all-day Event");
	}

	public static CapturePayload derive(ToolArguments args) {
		if (args.optionalString("title") == null) {
			throw new ToolArgumentException("a capture requires a title");
		}
		String title = args.requiredLine("title");
		boolean attend = args.bool("attend", false);
		boolean repeats = args.bool("repeats", false);
		String obligation = args.optionalEnum("obligation", OBLIGATIONS);
		String completeBy = args.optionalDateTime("complete_by");
		String timeOfDay = args.optionalTimeOfDay("time_of_day");
		Map<String, Object> recurrence = RecurrenceArgument.optional(args, "recurrence");
		String description = args.optionalText("description");
		if (attend) {
			if (completeBy == null) {
				throw new ToolArgumentException(
						"an Event (attend=true) requires complete_by, its day as an ISO-8601 date-time");
			}
			if (repeats && recurrence == null) {
				throw new ToolArgumentException("a repeating Event (attend=true, repeats=true) needs recurrence, its "
						+ "cadence, e.g. {\"type\":\"weekly\",\"days\":[\"Mon\"]}; or set repeats=false for a one-off Event");
			}
			if (!repeats && recurrence != null) {
				throw new ToolArgumentException(
						"a one-off Event (attend=true, repeats=false) cannot carry a recurrence; "
								+ "set repeats=true for a repeating Event");
			}
			return new CapturePayload("event", "/events",
					Payload.create()
						.put("title", title)
						.put("complete_by", completeBy)
						.putIfNotNull("start_time_of_day", timeOfDay)
						.putIfNotNull("recurrence", recurrence)
						.putIfNotNull("description", description)
						.map());
		}
		if (!repeats) {
			if (recurrence != null) {
				throw new ToolArgumentException("a Task (repeats=false) cannot carry a recurrence; set repeats=true "
						+ "with an obligation to capture a Chore or Habit");
			}
			if (timeOfDay != null && completeBy == null) {
				throw ItemChanges.timeWithoutDay("time_of_day");
			}
			// Deferno's Task payload requires a description, where the other kinds' is
			// optional: none is an empty one
			return new CapturePayload("task", "/tasks",
					Payload.create()
						.put("title", title)
						.put("description", (description != null) ? description : "")
						.putIfNotNull("complete_by", completeBy)
						.putIfNotNull("deadline_time_of_day", timeOfDay)
						.map());
		}
		if (recurrence == null) {
			throw new ToolArgumentException("a repeating capture requires a recurrence cadence, e.g. "
					+ "{\"type\":\"weekly\",\"days\":[\"Mon\"]}");
		}
		if (obligation == null) {
			throw new ToolArgumentException(
					"a repeating capture requires obligation \"need\" (a Chore) or \"want\" " + "(a Habit)");
		}
		if (completeBy == null) {
			throw new ToolArgumentException("a repeating capture requires complete_by (the backend requires it for "
					+ "/chores and /habits): the first occurrence's due date-time");
		}
		String kind = obligation.equals("need") ? "chore" : "habit";
		return new CapturePayload(kind, "/" + kind + "s",
				Payload.create()
					.put("title", title)
					.put("recurrence", recurrence)
					.putIfNotNull("description", description)
					.put("complete_by", completeBy)
					.putIfNotNull("deadline_time_of_day", timeOfDay)
					.map());
	}

}
