package com.defernowork.gateway.mcp.deferno.refs;

/**
 * The argument is not a Ref form that can be resolved automatically; nothing was sent to
 * Deferno.
 */
public final class UnroutableRefException extends RuntimeException {

	public UnroutableRefException(String argument, String ref) {
		super(argument + ": identifier '" + ((ref.length() > 100) ? ref.substring(0, 99) + "…" : ref)
				+ "' is not an auto-routable Ref input form (alias / ambiguous forms "
				+ "require the explicit alias lookup); pass a UUID, #123 (your personal org), a canonical ref like "
				+ "acme-123, an app URL …/o/<org>/items/<n>, or owner/repo#N");
	}

}
