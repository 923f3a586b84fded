package com.defernowork.gateway.mcp.catalog;

import java.util.Map;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;

import com.defernowork.gateway.model.scope.Scopes;

/**
 * A tool as both protocol eras serve it: its definition (name, schema, annotations), the
 * one scope a caller needs to call it (the source of truth), and the call itself, which
 * never throws (failures are error results).
 *
 * @param definition the tool as {@code tools/list} shows it
 * @param scope the scope a caller needs
 * @param call runs the tool on a call's arguments
 */
public record DefernoTool(Tool definition, Scopes scope, Call call) {

	public String name() {
		return this.definition.name();
	}

	/** Runs the tool; every outcome, failures included, is a tool result. */
	@FunctionalInterface
	public interface Call {

		CallToolResult apply(Map<String, Object> arguments);

	}

}
