package com.defernowork.gateway.mcp.catalog;

import java.util.Optional;

import com.defernowork.gateway.model.scope.Scopes;

/**
 * The scope each tool and resource needs (docs/wiring.md), consulted by the security
 * layer before a {@code tools/call} or {@code resources/read} runs.
 */
public interface ToolScopes {

	/**
	 * The scope the named tool needs; empty for an unknown tool (the MCP server answers
	 * that itself).
	 */
	Optional<Scopes> forTool(String toolName);

	/** The scope reading the resource needs; empty for an unknown URI. */
	Optional<Scopes> forResource(String uri);

}
