package com.defernowork.gateway.mcp.deferno.client;

import java.util.Set;

/**
 * Whether Deferno refused a delete or clear because it has no such route or method (an
 * older Deferno without {@code POST …/delete} or {@code POST …/clear}), so the older
 * {@code DELETE} may be sent instead. A 404 about the comment or attachment ("comment not
 * found") is not one: the route exists and the thing is gone, and the older form would
 * only be refused again.
 */
public final class UnknownRoute {

	/**
	 * The sandbox's (Deferno's documented contract) whole 404 message for a path it does
	 * not route: its handlers' "no such route", and "not found" from its servlet
	 * container's error envelope. An unknown item, comment or attachment names it.
	 */
	private static final Set<String> ROUTER_WORDS = Set.of("no such route", "not found");

	private UnknownRoute() {
	}

	/** 405, a 404 outside the API envelope (a router or proxy), or the router's 404. */
	public static boolean refused(DefernoApiException refusal) {
		if (refusal.status() == 405) {
			return true;
		}
		return refusal.status() == 404 && (!refusal.enveloped() || ROUTER_WORDS.contains(refusal.detail()));
	}

}
