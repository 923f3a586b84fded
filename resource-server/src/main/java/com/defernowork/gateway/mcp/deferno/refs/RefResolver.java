package com.defernowork.gateway.mcp.deferno.refs;

import tools.jackson.databind.JsonNode;

import com.defernowork.gateway.mcp.deferno.client.DefernoApiException;
import com.defernowork.gateway.mcp.deferno.client.DefernoClient;
import com.defernowork.gateway.mcp.text.Quotes;

import static com.defernowork.gateway.mcp.deferno.client.UriEncoding.encode;

/**
 * Resolves Ref input forms to item ids: a UUID costs no HTTP unless the kind is needed;
 * the other forms cost one lookup that also gives the kind. An unroutable form is refused
 * before any HTTP.
 */
public final class RefResolver {

	private final DefernoClient client;

	/** The lookups this resolver made, by path; null: none is kept. */
	private final RememberedLookups remembered;

	public RefResolver(DefernoClient client) {
		this(client, null);
	}

	private RefResolver(DefernoClient client, RememberedLookups remembered) {
		this.client = client;
		this.remembered = remembered;
	}

	/**
	 * A resolver for one tool call that looks each ref up once however many times the
	 * call names it (from any thread), its answer and its refusal alike: dropped with the
	 * call, so nothing is kept beyond it.
	 */
	public RefResolver remembering() {
		return new RefResolver(this.client, new RememberedLookups());
	}

	/** The item id; {@code argument} names the tool argument in error messages. */
	public String resolve(String argument, String ref) {
		Ref parsed = parse(argument, ref);
		return switch (parsed) {
			case Ref.Uuid uuid -> uuid.uuid();
			case Ref.AppUrlUuid url -> url.uuid();
			default -> ResolvedRef.of(lookup(argument, parsed)).id();
		};
	}

	/**
	 * The item id, with its kind where the lookup told it at no extra cost; a UUID costs
	 * nothing and comes without a kind ({@code null}).
	 */
	public ResolvedRef resolveWithKindIfFree(String argument, String ref) {
		Ref parsed = parse(argument, ref);
		return switch (parsed) {
			case Ref.Uuid uuid -> new ResolvedRef(uuid.uuid(), null);
			case Ref.AppUrlUuid url -> new ResolvedRef(url.uuid(), null);
			default -> ResolvedRef.of(lookup(argument, parsed));
		};
	}

	/** The item id and its kind; a UUID pays one {@code GET /items/{id}}. */
	public ResolvedRef resolveWithKind(String argument, String ref) {
		return ResolvedRef.of(item(argument, ref));
	}

	/**
	 * The item as the lookup answered it (a list row: kind, id, children, …), for a tool
	 * that needs more than the id and kind at the same cost.
	 */
	public JsonNode item(String argument, String ref) {
		return lookup(argument, parse(argument, ref));
	}

	/**
	 * The lookup's answer for a ref that needs one, {@code null} for a UUID (which costs
	 * nothing: {@link #resolve} gives its id): for a tool that reads the item only when
	 * the lookup did not.
	 */
	public JsonNode itemUnlessUuid(String argument, String ref) {
		Ref parsed = parse(argument, ref);
		return (parsed instanceof Ref.Uuid || parsed instanceof Ref.AppUrlUuid) ? null : lookup(argument, parsed);
	}

	/**
	 * The item's whole record, as {@code GET /items/{id}} answers it: one request when
	 * the lookup answered the record itself (as Deferno's lookups by sequence, canonical
	 * ref and alias do), else the record read by the id the lookup gave. A UUID's refusal
	 * names the argument as every other form's does.
	 */
	public JsonNode record(String argument, String ref) {
		Ref parsed = parse(argument, ref);
		JsonNode found = lookup(argument, parsed);
		if (parsed instanceof Ref.Uuid || parsed instanceof Ref.AppUrlUuid || isRecord(found)) {
			return found;
		}
		try {
			return this.client.get("/items/" + encode(ResolvedRef.of(found).id()));
		}
		catch (DefernoApiException ex) {
			throw refused(ex, argument, ref);
		}
	}

	/**
	 * Whether a lookup answered the whole record: with what only the single-item read
	 * carries (the item's history, comments and attachments, and a recurring kind's
	 * today_occurrence), where a list row has none of them.
	 */
	static boolean isRecord(JsonNode item) {
		if (item == null || !item.isObject() || !item.has("actions") || !item.has("comments")
				|| !item.has("attachments")) {
			return false;
		}
		String kind = item.path("kind").asString(item.path("type").asString(""));
		return item.has("today_occurrence") || kind.equalsIgnoreCase("task");
	}

	/**
	 * The item whose external alias is {@code alias}, looked up as an alias only. Its
	 * "not found" names the argument and the alias, and says that a title is no alias: an
	 * agent that passed one was sent here by nothing else.
	 */
	public JsonNode byAlias(String argument, String alias) {
		try {
			return this.client.get("/items/by-alias/" + encode(alias));
		}
		catch (DefernoApiException ex) {
			DefernoApiException refused = refused(ex, argument, alias);
			throw (ex.status() == 404 && ex.enveloped()) ? refused.adding("; no item has this external alias (an "
					+ "alias looks like owner/repo#44); " + UnroutableRefException.TITLE_IS_NO_REF) : refused;
		}
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

	/**
	 * The lookup's answer; Deferno's refusal of the ref (no such item, not a sequence
	 * number, not yours) names the argument and the ref, for a call that takes more than
	 * one.
	 */
	private JsonNode lookup(String argument, Ref ref) {
		String path = switch (ref) {
			case Ref.Uuid uuid -> "/items/" + uuid.uuid();
			case Ref.AppUrlUuid url -> "/items/" + url.uuid();
			case Ref.AppUrlSequence url -> "/items/by-ref/" + encode(url.canonical());
			case Ref.Sequence sequence -> "/items/by-seq/" + sequence.sequence();
			case Ref.Canonical canonical -> "/items/by-ref/" + encode(canonical.input());
			case Ref.Alias alias -> "/items/by-alias/" + encode(alias.input());
			case Ref.NotAutoRouted not -> throw new UnroutableRefException(argument, not.input());
		};
		try {
			return (this.remembered != null) ? this.remembered.answer(path, () -> this.client.get(path))
					: this.client.get(path);
		}
		catch (DefernoApiException ex) {
			throw refused(ex, argument, ref.input());
		}
	}

	/**
	 * Deferno's refusal of a ref (no such item, not a sequence number, not yours) naming
	 * the argument and the ref; any other failure as it is.
	 */
	public static DefernoApiException refused(DefernoApiException ex, String argument, String ref) {
		return (ex.enveloped() && (ex.status() == 400 || ex.status() == 403 || ex.status() == 404))
				? ex.about(argument + " '" + Quotes.atMost(ref, Quotes.SHORT) + "'") : ex;
	}

}
