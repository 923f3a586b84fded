package com.defernowork.gateway.mcp.tools.tasks;

import java.util.Set;

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
		ResolvedRef item = refs.resolveWithKindIfFree(argument, ref);
		if (item.kind() != null && OTHER_KINDS.contains(item.kind())) {
			throw new ToolArgumentException(
					argument + " " + Quotes.atMost(ref.strip(), Quotes.SHORT) + " is " + item.kindWithArticle()
							+ ", not a task: " + refusal + " (update_item, move_item and convert_item take any kind)");
		}
		return item.id();
	}

}
