package com.defernowork.gateway.mcp.server;

import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.PromptMessage;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;

import com.defernowork.gateway.mcp.catalog.DefernoPrompt;
import com.defernowork.gateway.mcp.catalog.DefernoResource;
import com.defernowork.gateway.mcp.catalog.DefernoTool;
import com.defernowork.gateway.mcp.catalog.PromptArgumentException;
import com.defernowork.gateway.mcp.catalog.ResourceReadException;
import com.defernowork.gateway.mcp.catalog.ToolCatalog;
import com.defernowork.gateway.mcp.text.Quotes;

/** The {@link ToolCatalog} as the 2025-era stateless server registers it. */
final class LegacyCatalog {

	private LegacyCatalog() {
	}

	static List<SyncToolSpecification> tools(ToolCatalog catalog) {
		return catalog.tools().stream().map(LegacyCatalog::tool).toList();
	}

	static List<SyncResourceSpecification> resources(ToolCatalog catalog) {
		return catalog.resources()
			.stream()
			.filter((r) -> r.resource() != null)
			.map((r) -> new SyncResourceSpecification(r.resource(), (context, request) -> read(r, request.uri())))
			.toList();
	}

	static List<SyncResourceTemplateSpecification> resourceTemplates(ToolCatalog catalog) {
		return catalog.resources()
			.stream()
			.filter((r) -> r.template() != null)
			.map((r) -> new SyncResourceTemplateSpecification(r.template(),
					(context, request) -> read(r, request.uri())))
			.toList();
	}

	static List<SyncPromptSpecification> prompts(ToolCatalog catalog) {
		return catalog.prompts()
			.stream()
			.map((p) -> new SyncPromptSpecification(p.definition(),
					(context, request) -> prompt(p, LegacyRequests.promptArguments(request.arguments()))))
			.toList();
	}

	/**
	 * The prompt's one user message; its arguments' shape was checked by
	 * {@link LegacyRequests}.
	 */
	static GetPromptResult prompt(DefernoPrompt prompt, Map<String, String> arguments) {
		try {
			String text = prompt.render(arguments);
			return new GetPromptResult(prompt.definition().description(),
					List.of(new PromptMessage(Role.USER, new TextContent(text))));
		}
		catch (PromptArgumentException ex) {
			throw McpError.builder(ErrorCodes.INVALID_PARAMS).message(ex.getMessage()).build();
		}
	}

	private static SyncToolSpecification tool(DefernoTool tool) {
		return SyncToolSpecification.builder()
			.tool(tool.definition())
			.callHandler((context, request) -> tool.call().apply(request.arguments()))
			.build();
	}

	private static ReadResourceResult read(DefernoResource resource, String uri) {
		try {
			String text = resource.reader().read(uri);
			return new ReadResourceResult(List.of(new TextResourceContents(uri, resource.mimeType(), text)));
		}
		catch (ResourceReadException ex) {
			throw switch (ex.reason()) {
				case NOT_FOUND -> McpError.builder(ErrorCodes.RESOURCE_NOT_FOUND)
					.message(ex.getMessage())
					.data(Map.of("uri", Quotes.wellFormed(uri)))
					.build();
				case INVALID -> McpError.builder(ErrorCodes.INVALID_PARAMS).message(ex.getMessage()).build();
				// data marks the message as ours, so the transport lets it through
				case UNAVAILABLE -> McpError.builder(ErrorCodes.INTERNAL_ERROR)
					.message(ex.getMessage())
					.data(Map.of("reason", "unavailable"))
					.build();
			};
		}
	}

}
