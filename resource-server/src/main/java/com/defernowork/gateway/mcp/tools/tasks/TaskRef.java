package com.defernowork.gateway.mcp.tools.tasks;

import java.util.Set;

import tools.jackson.databind.JsonNode;

import com.defernowork.gateway.mcp.catalog.ToolArgumentException;
import com.defernowork.gateway.mcp.deferno.refs.RefResolver;
import com.defernowork.gateway.mcp.deferno.refs.ResolvedRef;
import com.defernowork.gateway.mcp.text.Quotes;

/**
 * The id of the Task a task tool acts on. A ref that turns out to be another kind is
 * refused naming it, where the lookup told the kind anyway: Deferno's own answer would be
 * "task not found" for an item the agent can see. A UUID is not looked up for this.
 */
final class TaskRef {

	/**
	 * The kinds a lookup names that are not a Task; "unknown" (none named) is left to
	 * Deferno.
	 */
	private static final Set<String> OTHER_KINDS = Set.of("chore", "habit", "event");

	private TaskRef() {
	}

	static String id(RefResolver refs, String argument, String ref, String refusal) {
		return find(refs, argument, ref, refusal).id();
	}

	/** The task's id, with what the lookup of its ref answered (null for a UUID). */
	static Found find(RefResolver refs, String argument, String ref, String refusal) {
		JsonNode lookedUp = refs.itemUnlessUuid(argument, ref);
		ResolvedRef item = (lookedUp != null) ? ResolvedRef.of(lookedUp)
				: new ResolvedRef(refs.resolve(argument, ref), null);
		if (item.kind() != null && OTHER_KINDS.contains(item.kind())) {
			throw new ToolArgumentException(
					argument + " " + Quotes.atMost(ref.strip(), Quotes.SHORT) + " is " + item.kindWithArticle()
							+ ", not a task: " + refusal + " (update_item, move_item and convert_item take any kind)");
		}
		return new Found(item.id(), lookedUp);
	}

	/**
	 * A task's id and, when its ref was looked up, the lookup's answer.
	 *
	 * @param id the task's id
	 * @param lookedUp the lookup's answer, or null for a UUID, which is not looked up
	 */
	record Found(String id, JsonNode lookedUp) {
	}

}
