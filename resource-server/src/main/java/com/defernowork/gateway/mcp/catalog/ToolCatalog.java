package com.defernowork.gateway.mcp.catalog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Every tool, resource and prompt the server offers, gathered once from the
 * {@link ToolProvider} beans.
 */
public final class ToolCatalog {

	private final List<DefernoTool> tools;

	private final List<DefernoResource> resources;

	private final List<DefernoPrompt> prompts;

	public ToolCatalog(List<ToolProvider> providers) {
		this(providers, UnaryOperator.identity());
	}

	/**
	 * @param reads how every resource's reads run ({@link ToolResults#guarded})
	 */
	ToolCatalog(List<ToolProvider> providers, UnaryOperator<DefernoResource> reads) {
		List<DefernoTool> tools = new ArrayList<>();
		List<DefernoResource> resources = new ArrayList<>();
		List<DefernoPrompt> prompts = new ArrayList<>();
		Set<String> names = new HashSet<>();
		Set<String> promptNames = new HashSet<>();
		for (ToolProvider provider : providers) {
			for (DefernoTool tool : provider.tools()) {
				if (!names.add(tool.name())) {
					throw new IllegalStateException("duplicate tool " + tool.name());
				}
				tools.add(tool);
			}
			provider.resources().forEach((resource) -> resources.add(reads.apply(resource)));
			for (DefernoPrompt prompt : provider.prompts()) {
				if (!promptNames.add(prompt.name())) {
					throw new IllegalStateException("duplicate prompt " + prompt.name());
				}
				prompts.add(prompt);
			}
		}
		this.tools = List.copyOf(tools);
		this.resources = List.copyOf(resources);
		this.prompts = List.copyOf(prompts);
	}

	public List<DefernoTool> tools() {
		return this.tools;
	}

	public List<DefernoResource> resources() {
		return this.resources;
	}

	public List<DefernoPrompt> prompts() {
		return this.prompts;
	}

}
