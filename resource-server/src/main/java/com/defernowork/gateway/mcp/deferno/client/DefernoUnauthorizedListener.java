package com.defernowork.gateway.mcp.deferno.client;

/**
 * Told when Deferno answers 401 to a call made with the current request's Deferno token
 * and refuses it again at {@code /auth/me} (revoked or expired upstream, not a one-off
 * refusal by one node or proxy). The security layer revokes the MCP grant and turns the
 * MCP response into a 401 so the client signs in again, instead of failing every tool
 * call.
 */
@FunctionalInterface
public interface DefernoUnauthorizedListener {

	void onUnauthorized();

}
