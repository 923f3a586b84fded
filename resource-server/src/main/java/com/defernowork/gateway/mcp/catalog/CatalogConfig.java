package com.defernowork.gateway.mcp.catalog;

import java.util.List;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The tool catalog: every {@link ToolProvider}'s tools and resources, and the scope each
 * one needs.
 */
@Configuration(proxyBeanMethods = false)
class CatalogConfig {

	@Bean
	McpJsonMapper mcpJsonMapper(JsonMapper jsonMapper) {
		return new JacksonMcpJsonMapper(jsonMapper);
	}

	@Bean
	ToolResults toolResults(JsonMapper jsonMapper, ObjectProvider<ToolCallListener> listeners) {
		return new ToolResults(jsonMapper, (tool, outcome, duration) -> listeners.orderedStream()
			.forEach((listener) -> listener.toolCalled(tool, outcome, duration)));
	}

	@Bean
	ToolFactory toolFactory(McpJsonMapper mcpJsonMapper, ToolResults toolResults) {
		return new ToolFactory(mcpJsonMapper, toolResults);
	}

	@Bean
	ToolCatalog toolCatalog(List<ToolProvider> providers) {
		return new ToolCatalog(providers);
	}

	@Bean
	ToolScopes toolScopes(ToolCatalog toolCatalog) {
		return new CatalogToolScopes(toolCatalog);
	}

}
