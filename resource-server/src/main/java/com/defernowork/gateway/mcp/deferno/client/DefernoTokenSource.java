package com.defernowork.gateway.mcp.deferno.client;

/**
 * Where the Deferno API token for the current MCP request comes from. The MCP client's
 * own token is never forwarded to Deferno; the real implementation exchanges it at the
 * authorization server (RFC 8693).
 */
@FunctionalInterface
public interface DefernoTokenSource {

	/**
	 * The Deferno API token for the request being handled (called on the servlet thread).
	 * @throws DefernoTokenUnavailableException when no token can be had for this request
	 */
	String currentToken();

}
