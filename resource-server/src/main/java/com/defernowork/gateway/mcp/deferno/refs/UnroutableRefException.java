package com.defernowork.gateway.mcp.deferno.refs;

import com.defernowork.gateway.mcp.text.Quotes;

/**
 * The argument is not a Ref form that can be resolved automatically; nothing was sent to
 * Deferno.
 */
public final class UnroutableRefException extends RuntimeException {

	public UnroutableRefException(String argument, String ref) {
		super(argument + ": identifier '" + Quotes.atMost(ref, Quotes.SHORT)
				+ "' is not an auto-routable Ref input form (alias / ambiguous forms "
				+ "require the explicit alias lookup); pass a UUID, #123 (your personal org), a canonical ref like "
				+ "acme-123, an app URL …/o/<org>/items/<n>, or owner/repo#N");
	}

}
