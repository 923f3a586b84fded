package com.defernowork.gateway.mcp.catalog;

/**
 * What a tool does with its arguments: returns the result (a {@code JsonNode}, map, list
 * or {@code null}) or throws {@link ToolArgumentException} and friends, which
 * {@link ToolResults} turns into error results.
 */
@FunctionalInterface
public interface ToolHandler {

	Object handle(ToolArguments arguments);

}
