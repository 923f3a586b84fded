package com.defernowork.gateway.mcp.catalog;

import java.util.List;

/** A bean contributing tools (one per area) and, optionally, resources. */
public interface ToolProvider {

	List<DefernoTool> tools();

	default List<DefernoResource> resources() {
		return List.of();
	}

}
