package com.defernowork.gateway.mcp.catalog;

import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncToolSpecification;

import com.defernowork.gateway.model.scope.Scopes;

/** A tool as the server registers it, with the one scope a caller needs to call it (the source of truth). */
public record DefernoTool(SyncToolSpecification specification, Scopes scope) {

	public String name() {
		return this.specification.tool().name();
	}

}
