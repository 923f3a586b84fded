package com.defernowork.gateway.mcp.deferno.refs;

import java.util.Locale;

import tools.jackson.databind.JsonNode;

import com.defernowork.gateway.mcp.deferno.client.DefernoApiException;

/**
 * An item id with its kind, lower-cased ({@code task}, {@code chore}, {@code habit},
 * {@code event}); {@code null} only from {@link RefResolver#resolveWithKindIfFree} for a
 * UUID, which it does not look up.
 */
public record ResolvedRef(String id, String kind) {

	/** The id and kind of an item as Deferno answered a lookup. */
	public static ResolvedRef of(JsonNode item) {
		String id = text(item, "id");
		if (id == null) {
			throw new DefernoApiException(502, null, "Deferno's item lookup answered without an id");
		}
		String kind = text(item, "kind");
		if (kind == null) {
			kind = text(item, "type");
		}
		return new ResolvedRef(id, (kind != null) ? kind.toLowerCase(Locale.ROOT) : "unknown");
	}

	/** The kind as a message names it: {@code a task}, {@code an event}. */
	public String kindWithArticle() {
		return (this.kind.equals("event") ? "an " : "a ") + this.kind;
	}

	private static String text(JsonNode item, String field) {
		JsonNode value = (item != null) ? item.get(field) : null;
		return (value != null && value.isString() && !value.stringValue().isEmpty()) ? value.stringValue() : null;
	}

}
