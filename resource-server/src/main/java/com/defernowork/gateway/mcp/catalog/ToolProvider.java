package com.defernowork.gateway.mcp.catalog;

import java.util.List;

/** A bean contributing tools (one per area) and, optionally, resources and prompts. */
public interface ToolProvider {

	List<DefernoTool> tools();

	default List<DefernoResource> resources() {
		return List.of();
	}

	default List<DefernoPrompt> prompts() {
		return List.of();
	}

}
