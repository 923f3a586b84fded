package com.defernowork.gateway.mcp.tools.items;

import java.util.List;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;

/**
 * What the lookup of an item's ref already answered about it, read again only when the
 * answer lacks a field a check needs: Deferno's lookups answer the item's whole record,
 * and asking for it twice in one call only made the call slower.
 */
final class LookedUp {

	private LookedUp() {
	}

	/**
	 * {@code lookedUp} when it holds every one of {@code fields} (null included), else
	 * what {@code read} answers.
	 * @param lookedUp the lookup's answer, or null when the ref was a UUID not looked up
	 */
	static JsonNode orRead(JsonNode lookedUp, List<String> fields, Supplier<JsonNode> read) {
		return holds(lookedUp, fields) ? lookedUp : read.get();
	}

	/**
	 * Whether {@code lookedUp} holds every one of {@code fields} (null included).
	 * @param lookedUp the lookup's answer, or null when the ref was a UUID not looked up
	 */
	static boolean holds(JsonNode lookedUp, List<String> fields) {
		return lookedUp != null && lookedUp.isObject() && fields.stream().allMatch(lookedUp::has);
	}

}
