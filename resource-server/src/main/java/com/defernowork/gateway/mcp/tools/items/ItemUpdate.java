package com.defernowork.gateway.mcp.tools.items;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.springframework.util.function.SingletonSupplier;
import tools.jackson.databind.JsonNode;

import com.defernowork.gateway.mcp.catalog.ToolArgumentException;
import com.defernowork.gateway.mcp.catalog.ToolArguments;
import com.defernowork.gateway.mcp.deferno.client.DefernoApiException;
import com.defernowork.gateway.mcp.deferno.client.DefernoCall;
import com.defernowork.gateway.mcp.deferno.client.DefernoClient;
import com.defernowork.gateway.mcp.deferno.client.SavedTimeZone;
import com.defernowork.gateway.mcp.deferno.projection.ItemWords;
import com.defernowork.gateway.mcp.deferno.refs.RefResolver;
import com.defernowork.gateway.mcp.deferno.refs.ResolvedRef;

import static com.defernowork.gateway.mcp.deferno.client.UriEncoding.encode;

/**
 * {@code update_item}: every argument checked and every ref parsed before any HTTP, then
 * the item resolved with its kind, kind rules enforced, the recurring-task scope guard,
 * one PATCH (an Event whose start moves without its end first reads the end it moves).
 */
final class ItemUpdate {

	static final List<String> FIELDS = Stream
		.concat(ItemChanges.SHARED_FIELDS.stream(), ItemChanges.TASK_FIELDS.stream())
		.toList();

	/**
	 * What a change that would reach every instance of a recurring task is told, with the
	 * recurrence_id to send for one instance when the task names it.
	 */
	private static final String SERIES_REFUSAL = "This is a recurring task. Please specify recurring_scope: 'this' "
			+ "(single instance), 'following' (this and future instances), or 'all' (entire series). Ask the user "
			+ "which option they prefer.";

	private final DefernoClient client;

	private final RefResolver refs;

	ItemUpdate(DefernoClient client, RefResolver refs) {
		this.client = client;
		this.refs = refs;
	}

	Object apply(ToolArguments args) {
		String ref = args.requiredString("ref");
		ItemChanges changes = ItemChanges.read(args, FIELDS, this.refs);
		if (changes.isEmpty()) {
			throw new ToolArgumentException("nothing to update: pass at least one field to change");
		}
		this.refs.parse("ref", ref);
		// the item as Deferno keeps it: what the checks below read of it too
		JsonNode found = this.refs.item("ref", ref);
		ResolvedRef item = ResolvedRef.of(found);
		checkKind(item.kind(), changes);
		if (item.kind().equals("task")) {
			changes.checkOnTask(this.client, item.id(), found, SERIES_REFUSAL);
		}
		Map<String, Object> body = changes.body(this.refs, item.kind());
		try {
			EventEnd.Move move = EventEnd.Move.NONE;
			// read once, and only when a check needs it
			Supplier<ZoneId> zone = SingletonSupplier.of(() -> SavedTimeZone.of(this.client));
			if (item.kind().equals("event")) {
				EventEnd.refuseDayOffItsClock(this.client, item.id(), found, body, zone);
			}
			if (item.kind().equals("event") && !body.containsKey("end_time")
					&& (body.get("complete_by") != null || body.get("start_time_of_day") != null)) {
				move = EventEnd.movedWithItsStart(this.client, item.id(), found, (String) body.get("complete_by"),
						(String) body.get("start_time_of_day"), zone);
				body.putAll(move.fields());
			}
			else if (item.kind().equals("event")) {
				EventEnd.moveTheDayToANewClock(this.client, item.id(), found, body, zone);
				EventEnd.refuseEndBeforeStart(this.client, item.id(), found, body, zone);
			}
			// Deferno's words ("skipped") would contradict list_occurrences
			JsonNode answer = ItemWords
				.of(this.client.call(DefernoCall.patch("/" + item.kind() + "s/" + encode(item.id()), body)));
			// the write stands: what it may have replaced is told, not refused
			JsonNode noted = EditsBetween.noted(move, answer);
			return changes.has("labels") ? LabelChanges.noted(found, noted) : noted;
		}
		catch (DefernoApiException ex) {
			throw (ex.status() == 404) ? changedKind(ref, item).orElse(ex) : ex;
		}
	}

	/**
	 * Deferno answers 404 at the old kind's path when the item was converted while this
	 * update was on its way: "not found" would read as deleted.
	 */
	private Optional<RuntimeException> changedKind(String ref, ResolvedRef sent) {
		try {
			ResolvedRef now = this.refs.resolveWithKind("ref", ref);
			return (!now.kind().equals(sent.kind())) ? Optional.of(new ToolArgumentException(
					"the item became " + now.kindWithArticle() + " while this update went to it as "
							+ sent.kindWithArticle() + "; nothing was changed: read it and send the update again"))
					: Optional.empty();
		}
		catch (RuntimeException gone) {
			return Optional.empty();
		}
	}

	private static void checkKind(String kind, ItemChanges changes) {
		if (!ItemReadTools.KINDS.contains(kind)) {
			throw new ToolArgumentException("cannot update a " + kind);
		}
		if (!kind.equals("task")) {
			TreeSet<String> taskOnly = new TreeSet<>();
			ItemChanges.TASK_FIELDS.stream().filter(changes::has).forEach(taskOnly::add);
			if (!taskOnly.isEmpty()) {
				throw new ToolArgumentException(String.join(", ", taskOnly)
						+ ((taskOnly.size() == 1) ? " applies" : " apply") + " only to a Task (this is a " + kind
						+ "); use the occurrence tools to act on a recurring occurrence");
			}
		}
		if (changes.has("end_time") && !kind.equals("event")) {
			throw new ToolArgumentException("end_time applies only to an Event (this is a " + kind + ")");
		}
		if (changes.has("recurrence") && kind.equals("task")) {
			throw new ToolArgumentException("recurrence does not apply to a Task; use convert_item to turn it into "
					+ "a Chore, Habit or Event");
		}
		// a series keeps its start, and a Chore or Habit its cadence: Deferno refuses to
		// clear them
		if (changes.clears("complete_by") && !kind.equals("task")) {
			throw new ToolArgumentException("complete_by cannot be cleared on a " + kind + ": it is when the series "
					+ "starts; pass a new date-time instead");
		}
		if (changes.clears("recurrence") && (kind.equals("chore") || kind.equals("habit"))) {
			throw new ToolArgumentException("recurrence cannot be cleared on a " + kind + "; convert_item it to a "
					+ "Task to stop it repeating");
		}
	}

}
