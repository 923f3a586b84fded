package com.defernowork.gateway.mcp.catalog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Every tool and resource the server offers, gathered once from the {@link ToolProvider} beans. */
public final class ToolCatalog {

	private final List<DefernoTool> tools;

	private final List<DefernoResource> resources;

	public ToolCatalog(List<ToolProvider> providers) {
		List<DefernoTool> tools = new ArrayList<>();
		List<DefernoResource> resources = new ArrayList<>();
		Set<String> names = new HashSet<>();
		for (ToolProvider provider : providers) {
			for (DefernoTool tool : provider.tools()) {
				if (!names.add(tool.name())) {
					throw new IllegalStateException("duplicate tool " + tool.name());
				}
				tools.add(tool);
			}
			resources.addAll(provider.resources());
		}
		this.tools = List.copyOf(tools);
		this.resources = List.copyOf(resources);
	}

	public List<DefernoTool> tools() {
		return this.tools;
	}

	public List<DefernoResource> resources() {
		return this.resources;
	}

}
