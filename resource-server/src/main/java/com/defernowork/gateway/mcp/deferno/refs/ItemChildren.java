package com.defernowork.gateway.mcp.deferno.refs;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import tools.jackson.databind.JsonNode;

import com.defernowork.gateway.mcp.deferno.client.DefernoApiException;
import com.defernowork.gateway.mcp.deferno.client.DefernoClient;
import com.defernowork.gateway.mcp.text.Quotes;

import org.springframework.http.HttpStatus;

import static com.defernowork.gateway.mcp.deferno.client.UriEncoding.encode;

/**
 * The items directly beneath an item, as the tools read and name them. Deferno's item
 * answers name their children by id only, so each is read (one call each, a few at once);
 * one gone since its parent was read is left out. Named the one way every tool names
 * them: {@code task 'Buy milk' (#12)}.
 */
public final class ItemChildren {

	private ItemChildren() {
	}

	/** The ids of the item's direct children, in Deferno's order. */
	public static List<String> ids(JsonNode item) {
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

	/** The items of these ids, in their order, those gone left out. */
	public static List<JsonNode> read(DefernoClient client, List<String> ids) {
		return client.fewAtOnce(ids, (id) -> readOne(client, id)).stream().filter(Objects::nonNull).toList();
	}

	/** {@code task 'Buy milk' (#12)}, and what {@code more} says inside the brackets. */
	public static String name(JsonNode item, String... more) {
		ResolvedRef ref = ResolvedRef.of(item);
		List<String> bracket = new ArrayList<>(List.of(Quotes.line(item.path("ref").asString(ref.id()), Quotes.SHORT)));
		bracket.addAll(List.of(more));
		return ref.kind() + " '" + Quotes.line(item.path("title").asString(""), Quotes.SHORT) + "' ("
				+ String.join(", ", bracket) + ")";
	}

	/** The first {@code most} names, and how many more there are. */
	public static String list(List<String> names, int most) {
		return String.join(", ", names.subList(0, Math.min(most, names.size())))
				+ ((names.size() > most) ? " and " + (names.size() - most) + " more" : "");
	}

	/** The item, or null when it is gone. */
	private static JsonNode readOne(DefernoClient client, String id) {
		try {
			return client.get("/items/" + encode(id));
		}
		catch (DefernoApiException ex) {
			if (ex.status() == HttpStatus.NOT_FOUND.value()) {
				return null;
			}
			throw ex;
		}
	}

}
