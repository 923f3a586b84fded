package com.defernowork.gateway.mcp.deferno.refs;

import java.util.Locale;

import tools.jackson.databind.JsonNode;

import com.defernowork.gateway.mcp.deferno.client.DefernoApiException;
import com.defernowork.gateway.mcp.deferno.client.DefernoClient;

import static com.defernowork.gateway.mcp.deferno.client.UriEncoding.encode;

/**
 * Resolves Ref input forms to item ids: a UUID costs no HTTP unless the kind is needed;
 * the other forms cost one lookup that also gives the kind. An unroutable form is refused
 * before any HTTP.
 */
public final class RefResolver {

	private final DefernoClient client;

	public RefResolver(DefernoClient client) {
		this.client = client;
	}

	/** The item id; {@code argument} names the tool argument in error messages. */
	public String resolve(String argument, String ref) {
		Ref parsed = parse(argument, ref);
		return switch (parsed) {
			case Ref.Uuid uuid -> uuid.uuid();
			case Ref.AppUrlUuid url -> url.uuid();
			default -> lookup(argument, parsed).id();
		};
	}

	/** The item id and its kind; a UUID pays one {@code GET /items/{id}}. */
	public ResolvedRef resolveWithKind(String argument, String ref) {
		return lookup(argument, parse(argument, ref));
	}

	/**
	 * Refuses an unroutable ref without HTTP; used to check every ref of a call before
	 * any write.
	 */
	public Ref parse(String argument, String ref) {
		Ref parsed = RefParser.parse(ref);
		if (parsed instanceof Ref.NotAutoRouted) {
			throw new UnroutableRefException(argument, parsed.input());
		}
		return parsed;
	}

	private ResolvedRef lookup(String argument, Ref ref) {
		JsonNode item = switch (ref) {
			case Ref.Uuid uuid -> this.client.get("/items/" + uuid.uuid());
			case Ref.AppUrlUuid url -> this.client.get("/items/" + url.uuid());
			case Ref.AppUrlSequence url -> this.client.get("/items/by-ref/" + encode(url.canonical()));
			case Ref.Sequence sequence -> this.client.get("/items/by-seq/" + sequence.sequence());
			case Ref.Canonical canonical -> this.client.get("/items/by-ref/" + encode(canonical.input()));
			case Ref.Alias alias -> this.client.get("/items/by-alias/" + encode(alias.input()));
			case Ref.NotAutoRouted not -> throw new UnroutableRefException(argument, not.input());
		};
		return toResolved(item);
	}

	static ResolvedRef toResolved(JsonNode item) {
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

	private static String text(JsonNode item, String field) {
		JsonNode value = (item != null) ? item.get(field) : null;
		return (value != null && value.isString() && !value.stringValue().isEmpty()) ? value.stringValue() : null;
	}

}
