package com.defernowork.gateway.mcp.tools.tasks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.defernowork.gateway.mcp.catalog.ToolArgumentException;
import com.defernowork.gateway.mcp.catalog.ToolArguments;
import com.defernowork.gateway.mcp.deferno.client.DefernoClient;
import com.defernowork.gateway.mcp.deferno.refs.RefResolver;
import com.defernowork.gateway.mcp.tools.items.ItemChanges;
import com.defernowork.gateway.mcp.tools.items.NewParent;

/**
 * One operation of {@code batch_tasks}, checked as the single-item tools check theirs (an
 * update's fields as update_item reads them, a move's as move_item does) and refused for
 * any field it would not apply, before any HTTP; then written for Deferno with every ref
 * resolved.
 */
final class BatchOperation {

	static final List<String> UPDATE_FIELDS = Stream
		.concat(Stream.of("op", "task_id"), ItemChanges.BATCH_FIELDS.stream())
		.toList();

	static final List<String> MOVE_FIELDS = List.of("op", "task_id", "new_parent_id", "position");

	private final ToolArguments operation;

	private final String taskRef;

	/** An update's changes; {@code null} for a move. */
	private final ItemChanges changes;

	private BatchOperation(ToolArguments operation, String taskRef, ItemChanges changes) {
		this.operation = operation;
		this.taskRef = taskRef;
		this.changes = changes;
	}

	/** How many blockers an update names. */
	int blockerCount() {
		return (this.changes != null) ? this.changes.blockerCount() : 0;
	}

	static BatchOperation read(ToolArguments operation, RefResolver refs) {
		String op = operation.optionalEnum("op", List.of("update", "move"));
		if (op == null) {
			throw new ToolArgumentException(operation.nameOf("op") + " is required: \"update\" or \"move\"");
		}
		boolean update = op.equals("update");
		refuseMisplaced(operation, update ? UPDATE_FIELDS : MOVE_FIELDS, update ? MOVE_FIELDS : UPDATE_FIELDS,
				update ? "an update" : "a move", update ? "a move" : "an update");
		String taskRef = operation.requiredString("task_id");
		refs.parse(operation.nameOf("task_id"), taskRef);
		if (update) {
			ItemChanges changes = ItemChanges.read(operation, ItemChanges.BATCH_FIELDS, refs);
			if (changes.isEmpty()) {
				throw new ToolArgumentException(operation.place() + ": an update needs at least one field to change: "
						+ String.join(", ", ItemChanges.BATCH_FIELDS));
			}
			return new BatchOperation(operation, taskRef, changes);
		}
		if (!operation.has("new_parent_id")) {
			throw new ToolArgumentException(
					operation.nameOf("new_parent_id") + " is required for a move: a ref, or null for the top level");
		}
		String parent = operation.lineIfSent("new_parent_id");
		if (parent != null) {
			refs.parse(operation.nameOf("new_parent_id"), parent);
		}
		operation.optionalInt("position", 0, Integer.MAX_VALUE);
		return new BatchOperation(operation, taskRef, null);
	}

	/**
	 * A field of the other kind of operation is named as such: it would be sent and
	 * silently ignored.
	 */
	private static void refuseMisplaced(ToolArguments operation, List<String> accepted, List<String> others,
			String what, String other) {
		for (String name : new ArrayList<>(operation.names())) {
			if (!accepted.contains(name) && others.contains(name)) {
				throw new ToolArgumentException(operation.nameOf(name) + " belongs to " + other + ", not " + what + " ("
						+ what + " takes: " + String.join(", ", accepted) + ")");
			}
		}
		operation.refuseUnknown(accepted, what);
	}

	/**
	 * The operation as Deferno's batch takes it, every ref resolved; an update that would
	 * reach every instance of a recurring task is refused, since a batch cannot say
	 * which. Safe to run beside the batch's other operations: it reads, and keeps
	 * nothing.
	 */
	Map<String, Object> wire(RefResolver refs, DefernoClient client) {
		Map<String, Object> wire = new LinkedHashMap<>();
		TaskRef.Found task = TaskRef.find(refs, this.operation.nameOf("task_id"), this.taskRef,
				"batch_tasks changes Tasks only");
		String taskId = task.id();
		if (this.changes != null) {
			this.changes.checkOnTask(client, taskId, task.lookedUp(),
					this.operation.nameOf("task_id") + " " + this.taskRef
							+ " is a recurring task, and a batch cannot say which of its instances to change: use "
							+ "update_item with recurring_scope (ask the user: this, following or all).");
			wire.put("op", "update");
			wire.put("task_id", taskId);
			wire.putAll(this.changes.body(refs, "task"));
			return wire;
		}
		String parent = this.operation.optionalString("new_parent_id");
		wire.put("op", "move");
		wire.put("task_id", taskId);
		String parentId = (parent != null) ? refs.resolve(this.operation.nameOf("new_parent_id"), parent) : null;
		NewParent.refuseItself(this.operation.nameOf("new_parent_id"), taskId, parentId);
		wire.put("new_parent_id", parentId);
		Integer position = this.operation.optionalInt("position", 0, Integer.MAX_VALUE);
		if (position != null) {
			wire.put("position", position);
		}
		return wire;
	}

}
