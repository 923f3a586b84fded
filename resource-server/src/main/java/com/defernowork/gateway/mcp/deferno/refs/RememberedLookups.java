package com.defernowork.gateway.mcp.deferno.refs;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;

import com.defernowork.gateway.mcp.deferno.client.Joined;

/**
 * The lookups of one tool call by path, each made once: a second use of a ref waits for
 * the first one's answer (or refusal) instead of asking Deferno again, also on another of
 * the call's threads.
 */
final class RememberedLookups {

	private final ConcurrentHashMap<String, CompletableFuture<JsonNode>> answers = new ConcurrentHashMap<>();

	JsonNode answer(String path, Supplier<JsonNode> lookup) {
		CompletableFuture<JsonNode> mine = new CompletableFuture<>();
		CompletableFuture<JsonNode> first = this.answers.putIfAbsent(path, mine);
		if (first == null) {
			try {
				mine.complete(lookup.get());
			}
			catch (RuntimeException | Error ex) {
				// whoever waits for it hears it too
				mine.completeExceptionally(ex);
			}
			first = mine;
		}
		return Joined.join(first);
	}

}
