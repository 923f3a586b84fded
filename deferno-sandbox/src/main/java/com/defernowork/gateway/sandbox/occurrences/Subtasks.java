package com.defernowork.gateway.sandbox.occurrences;

import java.time.Instant;
import java.util.List;

import com.defernowork.gateway.sandbox.api.ApiException;
import com.defernowork.gateway.sandbox.items.ItemTree;
import com.defernowork.gateway.sandbox.store.Item;
import com.defernowork.gateway.sandbox.store.Kind;

/**
 * SUBTASK-003: resolving an occurrence with open subtasks needs {@code cascade_subtasks},
 * which resolves them too.
 */
final class Subtasks {

	private Subtasks() {
	}

	static void resolve(ItemTree tree, Item parent, boolean done, boolean cascade, Instant now) {
		List<Item> open = tree.children(parent)
			.stream()
			.filter((child) -> child.kind == Kind.TASK && !child.taskFinished())
			.toList();
		if (open.isEmpty()) {
			return;
		}
		if (!cascade) {
			throw ApiException.conflict(open.size() + " subtask(s) are not done or dropped; pass cascade_subtasks=true"
					+ " to resolve them with the occurrence");
		}
		for (Item child : open) {
			child.status = done ? "done" : "dropped";
			child.doneAt = now;
			child.record(done ? "Completed" : "StatusChanged", now);
		}
	}

}
