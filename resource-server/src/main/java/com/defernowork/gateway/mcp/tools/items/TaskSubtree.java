package com.defernowork.gateway.mcp.tools.items;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import com.defernowork.gateway.mcp.catalog.ToolArgumentException;
import com.defernowork.gateway.mcp.deferno.client.DefernoApiException;
import com.defernowork.gateway.mcp.deferno.client.DefernoClient;
import com.defernowork.gateway.mcp.deferno.refs.ResolvedRef;
import com.defernowork.gateway.mcp.text.Quotes;

import org.springframework.http.HttpStatus;

import static com.defernowork.gateway.mcp.deferno.client.UriEncoding.encode;

/**
 * Deferno deletes a task with everything beneath it, whatever its kind: a Chore, Habit or
 * Event filed under the task would go for good with its occurrences and history, where
 * deleted on its own it is only archived. Before a task is deleted, each item beneath it
 * is read (one call each, Deferno's item answers name their children by id only) and the
 * delete is refused while any of them is not a task. An item moved beneath the task while
 * it is read is not seen: Deferno has no delete that would spare it.
 */
final class TaskSubtree {

	/** Items read beneath one task at most; a larger tree is refused unchecked. */
	static final int LIMIT = 100;

	private static final int NAMED = 5;

	private TaskSubtree() {
	}

	static void refuseUnlessOnlyTasksBeneath(DefernoClient client, JsonNode task) {
		Deque<String> pending = new ArrayDeque<>(childIds(task));
		Set<String> read = new HashSet<>();
		List<String> kept = new ArrayList<>();
		while (!pending.isEmpty()) {
			String id = pending.poll();
			if (!read.add(id)) {
				continue;
			}
			if (read.size() > LIMIT) {
				throw new ToolArgumentException("this task has more than " + LIMIT + " items beneath it, too many to "
						+ "check that none is a Chore, Habit or Event, which Deferno would delete for good with it "
						+ "instead of archiving; delete some of its subtasks first, then the task");
			}
			JsonNode item;
			try {
				item = client.get("/items/" + encode(id));
			}
			catch (DefernoApiException ex) {
				if (ex.status() == HttpStatus.NOT_FOUND.value()) {
					// gone since the parent was read: nothing of it to lose
					continue;
				}
				throw ex;
			}
			ResolvedRef ref = ResolvedRef.of(item);
			if (!ref.kind().equals("task")) {
				kept.add(ref.kind() + " '" + Quotes.line(item.path("title").asString(""), Quotes.SHORT) + "' ("
						+ Quotes.line(item.path("ref").asString(ref.id()), Quotes.SHORT) + ")");
			}
			pending.addAll(childIds(item));
		}
		if (!kept.isEmpty()) {
			throw new ToolArgumentException("Deferno deletes a task with everything beneath it, and beneath this one "
					+ ((kept.size() == 1) ? "is " : "are ")
					+ String.join(", ", kept.subList(0, Math.min(NAMED, kept.size())))
					+ ((kept.size() > NAMED) ? " and " + (kept.size() - NAMED) + " more" : "")
					+ ": deleted that way they would be gone for good with their occurrences and history, where "
					+ "delete_item on each only archives it. Nothing was deleted. Move them out first (move_item with "
					+ "new_parent_id null) or delete them on their own, then delete the task.");
		}
	}

	private static List<String> childIds(JsonNode item) {
		List<String> ids = new ArrayList<>();
		JsonNode children = item.get("children");
		if (children != null && children.isArray()) {
			children.values().forEach((child) -> {
				if (child.isString()) {
					ids.add(child.stringValue());
				}
				else if (child.path("id").isString()) {
					ids.add(child.path("id").stringValue());
				}
			});
		}
		return ids;
	}

}
