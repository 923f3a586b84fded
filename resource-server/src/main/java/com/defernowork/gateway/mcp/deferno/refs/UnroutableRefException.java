package com.defernowork.gateway.mcp.deferno.refs;

import com.defernowork.gateway.mcp.text.Quotes;

/**
 * The argument is not a Ref form that can be resolved automatically; nothing was sent to
 * Deferno. A value with spaces is no ref of any form, an alias included: an agent that
 * passed a title is sent to the tools that find an item by its title.
 */
public final class UnroutableRefException extends RuntimeException {

	/** What an agent that passed a title, or looked one up as an alias, is told. */
	public static final String TITLE_IS_NO_REF = "a title is not a ref: find the item with search_items or "
			+ "list_items, then pass its ref";

	public UnroutableRefException(String argument, String ref) {
		super(looksLikeATitle(ref)
				? argument + ": '" + Quotes.atMost(ref, Quotes.SHORT) + "' looks like a title, and " + TITLE_IS_NO_REF
						+ " (a UUID, #123, acme-123 or an app URL)"
				: argument + ": identifier '" + Quotes.atMost(ref, Quotes.SHORT)
						+ "' is not an auto-routable Ref input form (alias / ambiguous forms "
						+ "require the explicit alias lookup); pass a UUID, #123 (your personal org), a canonical ref "
						+ "like acme-123, an app URL …/o/<org>/items/<n>, or owner/repo#N; " + TITLE_IS_NO_REF);
	}

	/**
	 * Words with spaces between them: no ref form, an external alias included, has one.
	 */
	static boolean looksLikeATitle(String ref) {
		return ref != null && ref.strip().codePoints().anyMatch(Character::isWhitespace);
	}

}
