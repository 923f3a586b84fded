package com.defernowork.gateway.mcp.deferno.client;

/**
 * What an agent is told about a write whose outcome Deferno did not report: it left and
 * either got no answer (a timeout, a connection closed) or a failure that may have come
 * after the change was made (a 5xx from Deferno or a proxy in front of it). One sentence
 * for every such case and every write tool, so it names no particular tool.
 */
final class UnknownOutcome {

	/** Appended to what happened. */
	static final String ADVICE = ", so whether the change was applied is unknown: read the item or list back before "
			+ "trying it again";

	private UnknownOutcome() {
	}

}
