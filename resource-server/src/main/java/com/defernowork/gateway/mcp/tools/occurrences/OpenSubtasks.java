package com.defernowork.gateway.mcp.tools.occurrences;

import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import com.defernowork.gateway.mcp.deferno.client.DefernoApiException;
import com.defernowork.gateway.mcp.deferno.client.DefernoClient;
import com.defernowork.gateway.mcp.deferno.refs.ItemChildren;
import com.defernowork.gateway.mcp.deferno.refs.ResolvedRef;

import static com.defernowork.gateway.mcp.deferno.client.UriEncoding.encode;

/**
 * The open subtasks of a recurring item (its direct Tasks neither done nor dropped),
 * which Deferno resolves with an occurrence only when {@code cascade_subtasks} is sent,
 * and names in neither its refusal nor its answer. Read only when they matter: on
 * Deferno's refusal for them, and before a cascaded write, which resolves exactly these.
 */
final class OpenSubtasks {

	private static final int NAMED = 5;

	private final List<JsonNode> tasks;

	private OpenSubtasks(List<JsonNode> tasks) {
		this.tasks = tasks;
	}

	static final OpenSubtasks NONE = new OpenSubtasks(List.of());

	/**
	 * The item's open subtasks; {@code found} is the item as its ref's lookup answered.
	 */
	static OpenSubtasks of(DefernoClient client, JsonNode found) {
		// a lookup by ref may leave the children out
		JsonNode item = found.has("children") ? found : client.get("/items/" + encode(ResolvedRef.of(found).id()));
		return new OpenSubtasks(ItemChildren.read(client, ItemChildren.ids(item))
			.stream()
			.filter((child) -> ResolvedRef.of(child).kind().equals("task")
					&& !List.of("done", "dropped").contains(child.path("status").asString("")))
			.toList());
	}

	boolean isEmpty() {
		return this.tasks.isEmpty();
	}

	/**
	 * Deferno's refusal naming the subtasks it counted, and what the cascade it asks for
	 * would do to them.
	 */
	DefernoApiException refusal(DefernoApiException ex, String resolvedAs) {
		if (this.tasks.isEmpty()) {
			return ex;
		}
		List<String> names = this.tasks.stream()
			.map((task) -> ItemChildren.name(task, task.path("status").asString("")))
			.toList();
		return ex.adding(". Open: " + ItemChildren.list(names, NAMED) + "; with cascade_subtasks=true "
				+ ((this.tasks.size() == 1) ? "it is" : "each is") + " marked " + resolvedAs
				+ " together with the occurrence (ask the user first)");
	}

	/** The answer with the subtasks the cascade resolved, each with its new status. */
	Object listedIn(Object answer, String resolvedAs) {
		if (this.tasks.isEmpty() || !(answer instanceof ObjectNode object)) {
			return answer;
		}
		ArrayNode resolved = object.putArray("subtasks_resolved");
		this.tasks.forEach((task) -> resolved.addObject()
			.put("ref", task.path("ref").asString(ResolvedRef.of(task).id()))
			.put("title", task.path("title").asString(""))
			.put("status", resolvedAs));
		return object;
	}

}
