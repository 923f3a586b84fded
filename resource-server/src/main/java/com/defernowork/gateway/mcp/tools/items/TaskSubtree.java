package com.defernowork.gateway.mcp.tools.items;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import com.defernowork.gateway.mcp.catalog.ToolArgumentException;
import com.defernowork.gateway.mcp.deferno.client.DefernoClient;
import com.defernowork.gateway.mcp.deferno.refs.ItemChildren;
import com.defernowork.gateway.mcp.deferno.refs.ResolvedRef;

/**
 * Deferno deletes a task with everything beneath it, whatever its kind: a Chore, Habit or
 * Event filed under the task would go for good with its occurrences and history, where
 * deleted on its own it is only archived. Before a task is deleted, each item beneath it
 * is read ({@link ItemChildren}), level by level, and the delete is refused while any of
 * them is not a task. An item moved beneath the task while it is read is not seen:
 * Deferno has no delete that would spare it.
 */
final class TaskSubtree {

	/** Items read beneath one task at most; a larger tree is refused unchecked. */
	static final int LIMIT = 100;

	private static final int NAMED = 5;

	private TaskSubtree() {
	}

	static void refuseUnlessOnlyTasksBeneath(DefernoClient client, JsonNode task) {
		Set<String> seen = new HashSet<>();
		List<String> kept = new ArrayList<>();
		List<String> level = unseen(ItemChildren.ids(task), seen);
		while (!level.isEmpty()) {
			if (seen.size() > LIMIT) {
				throw new ToolArgumentException("this task has more than " + LIMIT + " items beneath it, too many to "
						+ "check that none is a Chore, Habit or Event, which Deferno would delete for good with it "
						+ "instead of archiving; delete some of its subtasks first, then the task");
			}
			List<String> below = new ArrayList<>();
			// one gone since its parent was read has nothing of it to lose
			for (JsonNode item : ItemChildren.read(client, level)) {
				if (!ResolvedRef.of(item).kind().equals("task")) {
					kept.add(ItemChildren.name(item));
				}
				below.addAll(ItemChildren.ids(item));
			}
			level = unseen(below, seen);
		}
		if (!kept.isEmpty()) {
			throw new ToolArgumentException("Deferno deletes a task with everything beneath it, and beneath this one "
					+ ((kept.size() == 1) ? "is " : "are ") + ItemChildren.list(kept, NAMED)
					+ ": deleted that way they would be gone for good with their occurrences and history, where "
					+ "delete_item on each only archives it. Nothing was deleted. Move them out first (move_item with "
					+ "new_parent_id null) or delete them on their own, then delete the task.");
		}
	}

	/** The ids not seen before, each once, in their order; all of them seen from now. */
	private static List<String> unseen(List<String> ids, Set<String> seen) {
		return ids.stream().filter(seen::add).toList();
	}

}
