package com.defernowork.gateway.mcp.tools.items;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

import com.defernowork.gateway.mcp.deferno.client.DefernoApiException;
import com.defernowork.gateway.mcp.deferno.client.DefernoCall;
import com.defernowork.gateway.mcp.deferno.client.DefernoClient;
import com.defernowork.gateway.mcp.deferno.client.Payload;
import com.defernowork.gateway.mcp.deferno.client.RepeatedDelete;
import com.defernowork.gateway.mcp.deferno.client.SavedTimeZone;
import com.defernowork.gateway.mcp.deferno.projection.ItemWords;
import com.defernowork.gateway.mcp.deferno.refs.RefResolver;
import com.defernowork.gateway.mcp.deferno.refs.ResolvedRef;
import com.defernowork.gateway.mcp.text.Quotes;
import com.defernowork.gateway.mcp.catalog.DefernoTool;
import com.defernowork.gateway.mcp.catalog.ToolArgumentException;
import com.defernowork.gateway.mcp.catalog.ToolFactory;
import com.defernowork.gateway.mcp.catalog.ToolProvider;
import com.defernowork.gateway.model.scope.Scopes;

import static com.defernowork.gateway.mcp.deferno.client.UriEncoding.encode;

/** Kind-neutral changes to existing items; every ref is resolved before the write. */
@Component
class ItemWriteTools implements ToolProvider {

	private final ToolFactory factory;

	private final DefernoClient client;

	private final RefResolver refs;

	private final ItemUpdate update;

	ItemWriteTools(ToolFactory factory, DefernoClient client, RefResolver refs) {
		this.factory = factory;
		this.client = client;
		this.refs = refs;
		this.update = new ItemUpdate(client, refs);
	}

	@Override
	public List<DefernoTool> tools() {
		return List.of(updateItem(), deleteItem(), moveItem(), convertItem());
	}

	DefernoTool updateItem() {
		return this.factory.tool("items", "update_item")
			.title("Update an item")
			.description("Edit any item by any Ref form. Omitted fields stay as they are; a value replaces the old "
					+ "one and an explicit null clears it (description, labels, blocked_by, complete_by, recurrence), "
					+ "neither of which can be undone: the history keeps no old values. "
					+ "Shared: title, description, complete_by (the day it falls on in the user's time "
					+ "zone), time_of_day (HH:MM: an Event's start, the others' deadline; null clears it), labels "
					+ "(the whole set: read the item, then send every label to keep; the answer's note names those removed "
					+ "and added); recurrence (Chore/Habit/Event); "
					+ "end_time (Event). An Event's start moved without end_time moves its end as far, from the end "
					+ "read just before the write. Deferno has no conditional write: a change made elsewhere between "
					+ "that read (or yours, for labels) and the write is overwritten; when its history shows one, "
					+ "the answer's note says what may have been replaced: check it with the user. "
					+ "Task only: status (open, in-progress, in-review, done, dropped), assignee, productive and "
					+ "desire (0..1), blocked_by [{item, occurrence?}], recurring_scope (this|following|all) with "
					+ "recurrence_id (the instance's local start, YYYY-MM-DDTHH:MM:SS without an offset: the task's own, "
					+ "which get_item shows with its series_id). A recurring task needs recurring_scope: ask the user. "
					+ "To change a kind use convert_item.")
			.scope(Scopes.TASKS_WRITE)
			// replacing and clearing values is not additive
			.destructive()
			.idempotent()
			.handler(this.update::apply);
	}

	DefernoTool deleteItem() {
		return this.factory.tool("items", "delete_item")
			.title("Delete an item")
			.description("Delete an item by any Ref form. A Task is deleted for good together with its whole "
					+ "subtree: every subtask at any depth, and the comments, attachments and plan entries of each; "
					+ "check the children of get_item with full=true first and confirm with the user. A Task with a "
					+ "Chore, Habit or Event beneath it is refused (Deferno would delete those for good too). A "
					+ "Chore/Habit/Event is only archived (kept with its occurrences and history, left out of "
					+ "unfiltered lists; update_item with status active restores it). Returns {deleted, archived?, id, "
					+ "kind, direct_subtasks_deleted?, note}.")
			.scope(Scopes.TASKS_WRITE)
			.destructive()
			.idempotent()
			.handler((args) -> {
				try {
					JsonNode found = this.refs.item("ref", args.requiredString("ref"));
					ResolvedRef item = ResolvedRef.of(found);
					if (!ItemReadTools.KINDS.contains(item.kind())) {
						throw new ToolArgumentException("cannot delete a " + item.kind());
					}
					if (item.kind().equals("task")) {
						// a lookup by ref may leave the children out
						found = found.has("children") ? found : this.client.get("/items/" + encode(item.id()));
						TaskSubtree.refuseUnlessOnlyTasksBeneath(this.client, found);
					}
					this.client.call(DefernoCall.delete("/" + item.kind() + "s/" + encode(item.id())));
					return DeletionReport.of(item, found);
				}
				catch (DefernoApiException ex) {
					// a retried delete finds nothing: the agent must not read it as a
					// failure
					throw RepeatedDelete.explained(ex, "delete_item of this ref", "a Task is deleted for good");
				}
			});
	}

	DefernoTool moveItem() {
		return this.factory.tool("items", "move_item")
			.title("Move an item")
			.description("Reparent or reorder an item: new_parent_id (any Ref form; null or omitted = top level, "
					+ "out of its parent: to reorder within the parent, pass the parent), position (0 = first; "
					+ "omitted = last). The answer's note says where it went (out of which parent, under which).")
			.scope(Scopes.TASKS_WRITE)
			.idempotent()
			.handler((args) -> {
				String itemRef = args.requiredString("item_id");
				String parentRef = args.lineIfSent("new_parent_id");
				Integer position = args.optionalInt("position", 0, Integer.MAX_VALUE);
				this.refs.parse("item_id", itemRef);
				if (parentRef != null) {
					this.refs.parse("new_parent_id", parentRef);
				}
				// the parent it leaves, as the lookup answered it (a UUID costs none)
				JsonNode before = this.refs.itemUnlessUuid("item_id", itemRef);
				String id = (before != null) ? ResolvedRef.of(before).id() : this.refs.resolve("item_id", itemRef);
				String parent = (parentRef != null) ? this.refs.resolve("new_parent_id", parentRef) : null;
				NewParent.refuseItself("new_parent_id", id, parent);
				JsonNode moved = ItemWords.of(this.client.post("/items/" + encode(id) + "/move",
						Payload.create().put("new_parent_id", parent).putIfNotNull("position", position).map()));
				return MoveReport.noted(before, moved, parentRef, parent, position);
			});
	}

	DefernoTool convertItem() {
		return this.factory.tool("items", "convert_item")
			.title("Convert an item's kind")
			.description("Change an item's kind (to: task, chore, habit, event). chore/habit need complete_by and "
					+ "recurrence; event needs complete_by (its day) and may take end_time and recurrence. time_of_day "
					+ "(HH:MM) sets the new kind's clock time, null makes it all-day, omitted keeps it. Irreversible "
					+ "losses: to task drops the recurrence and every occurrence with its done/dropped history; any "
					+ "conversion resets the status (a task becomes open, a recurring item active), a recurring "
					+ "item starts a new series, and an event converted away loses its end_time. Confirm with the "
					+ "user first.")
			.scope(Scopes.TASKS_WRITE)
			.destructive()
			.idempotent()
			.handler((args) -> {
				String itemRef = args.requiredString("item_id");
				String to = args.optionalEnum("to", ItemReadTools.KINDS);
				if (to == null) {
					throw new ToolArgumentException("to is required: one of task, chore, habit, event");
				}
				String completeBy = args.optionalDateTime("complete_by");
				String endTime = args.optionalDateTime("end_time");
				Map<String, Object> recurrence = RecurrenceArgument.optional(args, "recurrence");
				if (!to.equals("task") && completeBy == null) {
					throw new ToolArgumentException("converting to " + to + " requires complete_by");
				}
				if ((to.equals("chore") || to.equals("habit")) && recurrence == null) {
					throw new ToolArgumentException("converting to " + to + " requires recurrence");
				}
				if (endTime != null && !to.equals("event")) {
					throw new ToolArgumentException("end_time applies only when converting to event");
				}
				if (recurrence != null && to.equals("task")) {
					throw new ToolArgumentException("a task cannot carry a recurrence");
				}
				Payload body = Payload.create()
					.put("to", to)
					.putIfNotNull("complete_by", completeBy)
					.putIfNotNull("end_time", endTime)
					.putIfNotNull("recurrence", recurrence);
				String timeOfDay = args.optionalTimeOfDay("time_of_day");
				if (args.has("time_of_day")) {
					// null clears it (all-day); omitted, Deferno keeps the old one
					body.put("time_of_day", timeOfDay);
				}
				if (to.equals("event") && timeOfDay != null) {
					// an Event starts at complete_by: its start time is that clock
					EventStart.refuseDisagreement("complete_by", completeBy, timeOfDay, "time_of_day", "time_of_day",
							SavedTimeZone.of(this.client));
				}
				ResolvedRef item = this.refs.resolveWithKind("item_id", itemRef);
				if (item.kind().equals(to)) {
					// Deferno answers 200 and applies none of the other fields
					throw new ToolArgumentException("item_id '" + Quotes.atMost(itemRef, Quotes.SHORT)
							+ "' is already a " + to + ": convert_item changes the kind only; use update_item to "
							+ "change its complete_by, time_of_day, recurrence or end_time");
				}
				return ItemWords.of(this.client.post("/items/" + encode(item.id()) + "/convert", body.map()));
			});
	}

}
