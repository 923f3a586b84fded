package com.defernowork.gateway.mcp.tools.items;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;

import com.defernowork.gateway.mcp.catalog.ToolArgumentException;
import com.defernowork.gateway.mcp.catalog.ToolArguments;
import com.defernowork.gateway.mcp.deferno.client.DefernoClient;
import com.defernowork.gateway.mcp.deferno.client.Payload;
import com.defernowork.gateway.mcp.deferno.refs.RefResolver;
import com.defernowork.gateway.mcp.deferno.refs.ResolvedRef;
import com.defernowork.gateway.mcp.text.Quotes;

import static com.defernowork.gateway.mcp.deferno.client.UriEncoding.encode;

/**
 * The field changes of one item, as update_item and each update of batch_tasks take them:
 * every field read and checked the same way and every blocker's ref parsed before any
 * HTTP; the blockers' refs resolved to ids only when the body is written.
 */
public final class ItemChanges {

	/** Fields of every kind. */
	static final List<String> SHARED_FIELDS = List.of("title", "description", "complete_by", "time_of_day", "labels",
			"recurrence", "end_time", "status");

	/** Fields of a Task only. */
	static final List<String> TASK_FIELDS = List.of("assignee", "productive", "desire", "recurring_scope",
			"recurrence_id", "blocked_by");

	/**
	 * What a batch update takes: the Task fields Deferno's batch applies. It takes no
	 * recurring_scope (so no recurrence_id either), and recurrence and end_time are never
	 * a Task's.
	 */
	public static final List<String> BATCH_FIELDS = List.of("title", "description", "complete_by", "time_of_day",
			"labels", "status", "assignee", "productive", "desire", "blocked_by");

	static final List<String> TASK_STATUSES = List.of("open", "in-progress", "in-review", "done", "dropped");

	/**
	 * A Chore's, Habit's or Event's: {@code active} restores one delete_item archived.
	 */
	static final List<String> RECURRING_STATUSES = List.of("active", "in-review", "archived");

	/** Every status an item of some kind has. */
	static final List<String> STATUSES = Stream.concat(TASK_STATUSES.stream(), RECURRING_STATUSES.stream())
		.distinct()
		.toList();

	/** The statuses an item of {@code kind} can have. */
	static List<String> statusesOf(String kind) {
		return kind.equals("task") ? TASK_STATUSES : RECURRING_STATUSES;
	}

	/**
	 * The start of a refusal of a status {@code kind} never has, listing the ones it has,
	 * in the words both the list and the change use.
	 */
	static String statusesOfAKind(String argument, String kind) {
		return argument + " of " + (kind.equals("event") ? "an " : "a ") + kind + " is one of "
				+ String.join(", ", statusesOf(kind));
	}

	/**
	 * The most blockers a change, or a batch of changes in all, names: each costs a
	 * lookup unless it is a UUID.
	 */
	public static final int MAX_BLOCKERS = 100;

	/** Which instances of a recurring task a change is for; null names none. */
	private static final List<String> INSTANCE_FIELDS = List.of("recurring_scope", "recurrence_id");

	/** The fields whose change reaches every instance of a recurring task. */
	private static final List<String> SERIES_FIELDS = List.of("title", "description", "labels", "complete_by",
			"time_of_day");

	/** What checkOnTask reads of the task. */
	private static final List<String> TASK_STATE = List.of("series_id", "recurrence_id", "complete_by",
			"deadline_time_of_day");

	private static final Pattern USER_ID = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private final Payload fields;

	/** {@code null} when blocked_by was not sent or was sent as null. */
	private final List<Blocker> blockers;

	/** A field's name as the agent sent it ({@code operations[0].time_of_day}). */
	private final UnaryOperator<String> names;

	private ItemChanges(Payload fields, List<Blocker> blockers, UnaryOperator<String> names) {
		this.fields = fields;
		this.blockers = blockers;
		this.names = names;
	}

	/**
	 * Reads whichever of {@code names} were sent; refuses a bad value or an unroutable
	 * blocker ref without any HTTP.
	 */
	public static ItemChanges read(ToolArguments args, List<String> names, RefResolver refs) {
		Payload fields = Payload.create();
		List<Blocker> blockers = null;
		for (String name : names) {
			// a null scope or instance names none: taken as unsent, so a change to every
			// instance of a recurring task still asks which
			if (!args.has(name) || (INSTANCE_FIELDS.contains(name) && args.raw(name) == null)) {
				continue;
			}
			if (name.equals("blocked_by")) {
				blockers = Blocker.readAll(args, refs);
				// a sent null clears, and is sent as it is
				fields.put(name, (blockers != null) ? List.of() : null);
			}
			else {
				fields.put(name, reader(args, name).apply(name));
			}
		}
		ItemChanges changes = new ItemChanges(fields, blockers, args::nameOf);
		if (changes.isEmpty()) {
			// which instances, and no change: the caller says "nothing to update"
			return changes;
		}
		// a scope for one instance without recurrence_id is refused once the task is read
		// (checkOnTask), naming the instance's
		if (changes.has("recurrence_id") && !changes.onAnInstance()) {
			throw new ToolArgumentException(args.nameOf("recurrence_id")
					+ " names the instance for recurring_scope 'this' or 'following' and goes only with one of them");
		}
		return changes;
	}

	private static Function<String, Object> reader(ToolArguments args, String name) {
		return switch (name) {
			case "title" -> (n) -> {
				if (args.raw(n) == null) {
					throw new ToolArgumentException(args.nameOf(n) + " cannot be cleared");
				}
				return args.requiredLine(n);
			};
			case "description" -> args::optionalText;
			case "complete_by", "end_time" -> args::optionalDateTime;
			// Deferno names an instance by its local start (RFC 5545's RECURRENCE-ID)
			case "recurrence_id" -> args::optionalLocalDateTime;
			case "time_of_day" -> args::optionalTimeOfDay;
			case "labels" -> args::optionalDistinctLines;
			case "recurrence" -> (n) -> RecurrenceArgument.optional(args, n);
			case "status" -> (n) -> args.enumIfSent(n, STATUSES);
			case "assignee" -> (n) -> userId(args, n);
			case "productive", "desire" -> (n) -> unit(args, n);
			case "recurring_scope" -> (n) -> args.optionalEnum(n, List.of("this", "following", "all"));
			default -> throw new IllegalArgumentException("no reader for item field " + name);
		};
	}

	/** Deferno's assignee is a user's UUID: a name or email would fail its whole body. */
	private static String userId(ToolArguments args, String name) {
		String value = args.optionalLine(name);
		if (value != null && !USER_ID.matcher(value).matches()) {
			throw new ToolArgumentException(args.nameOf(name) + " must be a user id (a UUID such as whoami's id); got '"
					+ Quotes.atMost(value, Quotes.SHORT) + "'; no tool lists other people, so ask the user for"
					+ " theirs");
		}
		return value;
	}

	private static Double unit(ToolArguments args, String name) {
		Double value = args.optionalNumber(name);
		if (value != null && (value < 0 || value > 1)) {
			throw new ToolArgumentException(args.nameOf(name) + " must be between 0 and 1");
		}
		return value;
	}

	/** Whether nothing would change: which instances alone changes none. */
	public boolean isEmpty() {
		return this.fields.map().keySet().stream().allMatch(INSTANCE_FIELDS::contains);
	}

	/** How many blockers the change names (0 when it leaves them, or clears them). */
	public int blockerCount() {
		return (this.blockers != null) ? this.blockers.size() : 0;
	}

	/** Whether the field was sent, even as null. */
	boolean has(String name) {
		return this.fields.containsKey(name);
	}

	/** Whether the field was sent as null, to clear it. */
	boolean clears(String name) {
		return has(name) && this.fields.map().get(name) == null;
	}

	/**
	 * Refuses what these changes cannot do to the task as Deferno keeps it, read only
	 * when they depend on it and the lookup of its ref did not answer it: reach every
	 * instance of a recurring task without recurring_scope ({@code seriesRefusal} says
	 * what to do), name an instance of a task with no series, leave out or mistake the
	 * instance a recurring task is, or leave a time of day without its day. A refusal
	 * about the instance names the recurrence_id to send.
	 * @param lookedUp the task as the lookup of its ref answered it, or null (a UUID that
	 * was not looked up)
	 */
	public void checkOnTask(DefernoClient client, String taskId, JsonNode lookedUp, String seriesRefusal) {
		boolean setsTime = has("time_of_day") && !clears("time_of_day");
		if (setsTime && clears("complete_by")) {
			throw timeWithoutDay(this.names.apply("time_of_day"));
		}
		// 'all' may be sent ahead, to skip the question a recurring task would ask; an
		// instance is named only with 'this' or 'following', which need recurrence_id
		boolean onAnInstance = onAnInstance();
		boolean reachesSeries = !has("recurring_scope") && SERIES_FIELDS.stream().anyMatch(this::has);
		boolean timeNeedsTheDay = setsTime && !has("complete_by");
		boolean dayLeavesTheTime = clears("complete_by") && !has("time_of_day");
		if (!onAnInstance && !reachesSeries && !timeNeedsTheDay && !dayLeavesTheTime) {
			return;
		}
		JsonNode task = LookedUp.orRead(lookedUp, TASK_STATE, () -> client.get("/tasks/" + encode(taskId)));
		if (task == null) {
			return;
		}
		boolean series = isSet(task.get("series_id"));
		if (onAnInstance) {
			checkInstance(series, RecurrenceInstance.of(task));
		}
		if (reachesSeries && series) {
			throw new ToolArgumentException(seriesRefusal + RecurrenceInstance.of(task).toSend());
		}
		if (timeNeedsTheDay && !isSet(task.get("complete_by"))) {
			throw timeWithoutDay(this.names.apply("time_of_day"));
		}
		JsonNode time = task.get("deadline_time_of_day");
		if (dayLeavesTheTime && isSet(time)) {
			// nothing the person set is cleared unasked
			throw new ToolArgumentException(this.names.apply("complete_by") + " null would leave this task's time of "
					+ "day (" + Quotes.atMost(time.asString(), Quotes.SHORT) + ") without a day: send time_of_day "
					+ "null too, to clear both");
		}
	}

	/** Whether recurring_scope is 'this' or 'following', which name one instance. */
	private boolean onAnInstance() {
		Object scope = this.fields.map().get("recurring_scope");
		return "this".equals(scope) || "following".equals(scope);
	}

	/**
	 * Refuses a scope for one instance on a task with no series, without recurrence_id,
	 * or with another instance's.
	 */
	private void checkInstance(boolean series, RecurrenceInstance instance) {
		String scope = this.names.apply("recurring_scope") + " '" + this.fields.map().get("recurring_scope") + "'";
		if (!series) {
			// Deferno would keep the instance named as if the task were one of a series
			throw new ToolArgumentException(has("recurrence_id")
					? this.names.apply("recurrence_id") + " names an instance of a recurring task, and this task has "
							+ "no series: leave recurring_scope and recurrence_id out"
					: scope + " is for an instance of a recurring task, and this task has no series: leave "
							+ "recurring_scope out");
		}
		if (!has("recurrence_id")) {
			throw new ToolArgumentException(
					scope + " also needs recurrence_id, the instance's local start " + instance.orFormat());
		}
		String sent = (String) this.fields.map().get("recurrence_id");
		if (!instance.is(sent)) {
			throw new ToolArgumentException(this.names.apply("recurrence_id") + " '" + sent + "' is not this "
					+ "task's instance, " + instance.value() + ": send recurrence_id '" + instance.value() + "' with "
					+ "recurring_scope 'this' (this instance) or 'following' (it and the later ones). Each instance "
					+ "of a recurring task is an item of its own: to change another one, pass its ref");
		}
	}

	/**
	 * A Task's time of day is the clock time of complete_by's day: without a day it would
	 * be stored with none. Refused alike by capture_item, update_item and batch_tasks.
	 * @param name the time of day's argument, as the agent named it
	 */
	public static ToolArgumentException timeWithoutDay(String name) {
		return new ToolArgumentException(name + " is the clock time of complete_by's day: a Task without "
				+ "complete_by has no day for it; pass complete_by too, or leave time_of_day out");
	}

	/** Whether Deferno's field holds a value: not absent, null, empty or false. */
	private static boolean isSet(JsonNode value) {
		return value != null && !value.isNull() && !(value.isString() && value.stringValue().isEmpty())
				&& !(value.isBoolean() && !value.booleanValue());
	}

	/**
	 * The body to send to an item of {@code kind}: every field as checked, every
	 * blocker's ref resolved, the time of day under the kind's own name.
	 */
	public Map<String, Object> body(RefResolver refs, String kind) {
		Map<String, Object> body = new LinkedHashMap<>(this.fields.map());
		if (body.get("status") != null && !statusesOf(kind).contains(body.get("status"))) {
			throw new ToolArgumentException(statusesOfAKind(this.names.apply("status"), kind) + "; got '"
					+ body.get("status") + "'"
					+ (kind.equals("task") ? "" : " (an occurrence's status is set with set_occurrence_status)"));
		}
		if (body.containsKey("time_of_day")) {
			// the clock time Deferno combines with complete_by's date: an Event's start,
			// the others' deadline
			body.put(kind.equals("event") ? "start_time_of_day" : "deadline_time_of_day", body.remove("time_of_day"));
		}
		if (this.blockers != null) {
			// two refs may name one item: refused once resolved, before the write
			List<Blocker> resolved = new ArrayList<>();
			for (Blocker blocker : this.blockers) {
				Blocker id = blocker.resolve(refs);
				resolved.stream().filter(id::sameAs).findFirst().ifPresent(id::refuseRepeatOf);
				resolved.add(id);
			}
			body.put("blocked_by", resolved.stream().map(Blocker::edge).toList());
		}
		return body;
	}

	/**
	 * One entry of blocked_by ({@code place} such as {@code blocked_by[0]}): a ref, or
	 * once resolved an id, and for a recurring blocker the occurrence's day.
	 */
	private record Blocker(String place, String item, String occurrence) {

		/**
		 * {@code null} for a sent null (clear all); every entry checked, every ref
		 * parsed.
		 */
		static List<Blocker> readAll(ToolArguments args, RefResolver refs) {
			List<ToolArguments> entries = args.optionalElements("blocked_by", MAX_BLOCKERS);
			if (entries == null) {
				return null;
			}
			List<Blocker> blockers = new ArrayList<>();
			for (ToolArguments entry : entries) {
				entry.refuseUnknown(List.of("item", "occurrence"), "a blocked_by entry");
				String item = entry.requiredString("item");
				refs.parse(entry.nameOf("item"), item);
				Blocker blocker = new Blocker(entry.place(), item, entry.optionalDate("occurrence"));
				blockers.stream().filter(blocker::sameAs).findFirst().ifPresent(blocker::refuseRepeatOf);
				blockers.add(blocker);
			}
			return blockers;
		}

		boolean sameAs(Blocker other) {
			return this.item.equals(other.item) && Objects.equals(this.occurrence, other.occurrence);
		}

		void refuseRepeatOf(Blocker earlier) {
			throw new ToolArgumentException(this.place + " names the same blocker as " + earlier.place
					+ ": name each blocker (and occurrence) once");
		}

		/**
		 * The blocker's id; with an occurrence, the blocker checked to repeat: Deferno
		 * would keep a Task's occurrence as if it meant something.
		 */
		Blocker resolve(RefResolver refs) {
			if (this.occurrence == null) {
				return new Blocker(this.place, refs.resolve(this.place + ".item", this.item), null);
			}
			ResolvedRef blocker = refs.resolveWithKind(this.place + ".item", this.item);
			if (blocker.kind().equals("task")) {
				throw new ToolArgumentException(this.place + ".occurrence names a day of a Chore, Habit or Event that "
						+ "blocks; " + this.place + ".item is a Task, which blocks as a whole: leave occurrence out");
			}
			return new Blocker(this.place, blocker.id(), this.occurrence);
		}

		Map<String, Object> edge() {
			Map<String, Object> edge = new LinkedHashMap<>();
			edge.put("item", this.item);
			edge.put("occurrence", this.occurrence);
			return edge;
		}

	}

}
