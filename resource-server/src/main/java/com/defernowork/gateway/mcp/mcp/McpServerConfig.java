package com.defernowork.gateway.mcp.mcp;

import java.util.List;
import java.util.Objects;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import org.springframework.ai.mcp.server.webmvc.transport.WebMvcStatelessServerTransport;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The MCP server: every {@link ToolProvider}'s tools and resources, this server's instructions, handlers run on the
 * servlet thread ({@code immediateExecution}) so the request's security context is there.
 */
@Configuration(proxyBeanMethods = false)
class McpServerConfig {

	@Bean
	ToolResults toolResults(JsonMapper jsonMapper) {
		return new ToolResults(jsonMapper);
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

	@Bean(destroyMethod = "close")
	McpStatelessSyncServer mcpServer(WebMvcStatelessServerTransport mcpTransport, McpJsonMapper mcpJsonMapper,
			ToolCatalog toolCatalog) {
		return McpServer.sync(mcpTransport)
			.serverInfo("deferno-mcp-gateway", version())
			.instructions(ServerInstructions.TEXT)
			.capabilities(ServerCapabilities.builder().tools(false).resources(false, false).build())
			.jsonMapper(mcpJsonMapper)
			.immediateExecution(true)
			.tools(toolCatalog.tools().stream().map(DefernoTool::specification).toList())
			.resources(toolCatalog.resources().stream().map(DefernoResource::resource).filter(Objects::nonNull).toList())
			.resourceTemplates(
					toolCatalog.resources().stream().map(DefernoResource::template).filter(Objects::nonNull).toList())
			.build();
	}

	private static String version() {
		String version = McpServerConfig.class.getPackage().getImplementationVersion();
		return (version != null) ? version : "dev";
	}

}
