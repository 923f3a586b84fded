package com.defernowork.gateway.mcp.server;

import java.util.Objects;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import org.springframework.ai.mcp.server.webmvc.transport.WebMvcStatelessServerTransport;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.defernowork.gateway.mcp.catalog.DefernoResource;
import com.defernowork.gateway.mcp.catalog.DefernoTool;
import com.defernowork.gateway.mcp.catalog.ToolCatalog;

/**
 * The MCP server: every tool and resource of the {@link ToolCatalog}, this server's instructions, handlers run on the
 * servlet thread ({@code immediateExecution}) so the request's security context is there.
 */
@Configuration(proxyBeanMethods = false)
class McpServerConfig {

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
