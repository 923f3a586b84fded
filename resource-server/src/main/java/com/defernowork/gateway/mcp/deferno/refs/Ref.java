package com.defernowork.gateway.mcp.deferno.refs;

/**
 * One classified Ref input form (how a tool argument names an item). Classification is
 * pure; {@link RefResolver} turns a ref into an item id, with HTTP only where the form
 * needs it.
 */
public sealed interface Ref {

	/** What the agent passed, stripped. */
	String input();

	/**
	 * A UUID in any form Python's {@code uuid.UUID} accepts; {@code uuid} is the
	 * canonical lower-case form.
	 */
	record Uuid(String input, String uuid) implements Ref {
	}

	/** An app URL ending in an item UUID ({@code …/o/acme/items/<uuid>}). */
	record AppUrlUuid(String input, String orgSlug, String uuid) implements Ref {
	}

	/**
	 * An app URL ending in a sequence ({@code …/o/acme/items/12}): resolved as canonical
	 * {@code acme-12}.
	 */
	record AppUrlSequence(String input, String orgSlug, String sequence, String canonical) implements Ref {
	}

	/** {@code #123} or {@code 123}: the personal org's sequence. */
	record Sequence(String input, String sequence) implements Ref {
	}

	/** {@code acme-123}: {@code {org_slug}-{sequence}}, resolved across orgs. */
	record Canonical(String input, String orgSlug, String sequence) implements Ref {
	}

	/** {@code owner/repo#44}: an external alias. */
	record Alias(String input) implements Ref {
	}

	/** Anything else: refused without HTTP. */
	record NotAutoRouted(String input) implements Ref {
	}

}
