package com.defernowork.gateway.mcp.server;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.modern.McpException;
import io.modelcontextprotocol.modern.McpSchema.CacheScope;
import io.modelcontextprotocol.modern.McpSchema.CallToolResult;
import io.modelcontextprotocol.modern.McpSchema.ErrorCodes;
import io.modelcontextprotocol.modern.McpSchema.GetPromptResult;
import io.modelcontextprotocol.modern.McpSchema.Prompt;
import io.modelcontextprotocol.modern.McpSchema.PromptMessage;
import io.modelcontextprotocol.modern.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.modern.McpSchema.Resource;
import io.modelcontextprotocol.modern.McpSchema.ResourceTemplate;
import io.modelcontextprotocol.modern.McpSchema.Role;
import io.modelcontextprotocol.modern.McpSchema.TextContent;
import io.modelcontextprotocol.modern.McpSchema.TextResourceContents;
import io.modelcontextprotocol.modern.McpSchema.Tool;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.McpSyncResponse;
import io.modelcontextprotocol.modern.server.feature.McpSyncPrompt;
import io.modelcontextprotocol.modern.server.feature.McpSyncPromptRepository;
import io.modelcontextprotocol.modern.server.feature.McpSyncResource;
import io.modelcontextprotocol.modern.server.feature.McpSyncResourceRepository;
import io.modelcontextprotocol.modern.server.feature.McpSyncTool;
import io.modelcontextprotocol.modern.server.feature.McpSyncToolRepository;
import io.modelcontextprotocol.modern.server.feature.PromptsPage;
import io.modelcontextprotocol.modern.server.feature.ResourceTemplatesPage;
import io.modelcontextprotocol.modern.server.feature.ResourcesPage;
import io.modelcontextprotocol.modern.server.feature.ToolsPage;

import com.defernowork.gateway.mcp.catalog.DefernoPrompt;
import com.defernowork.gateway.mcp.catalog.DefernoResource;
import com.defernowork.gateway.mcp.catalog.DefernoTool;
import com.defernowork.gateway.mcp.catalog.PromptArgumentException;
import com.defernowork.gateway.mcp.catalog.ResourceReadException;
import com.defernowork.gateway.mcp.catalog.ToolCatalog;
import com.defernowork.gateway.mcp.text.Quotes;

/**
 * The {@link ToolCatalog} as the 2026-07-28 server serves it: the same tools, definitions
 * converted once to the modern wire types, the same calls.
 * <p>
 * Caching: the tool list, the prompt list, the resource list and the templates are the
 * same for every caller (a token without a tool's scope still sees the tool, so that a
 * call can earn the step-up challenge), so they are {@code public} for a few minutes; a
 * resource's content is the signed-in person's data, so a read is {@code private} and
 * stale at once.
 */
final class ModernCatalog {

	/** How long lists stay fresh: they change only with a deployment. */
	static final Duration LIST_TTL = Duration.ofMinutes(5);

	private static final TypeRef<Map<String, Object>> MAP = new TypeRef<>() {
	};

	private ModernCatalog() {
	}

	static McpSyncToolRepository tools(ToolCatalog catalog, McpJsonMapper mapper, ToolArgumentsValidator validator) {
		List<Tool> definitions = catalog.tools()
			.stream()
			.map((tool) -> mapper.convertValue(tool.definition(), Tool.class))
			.toList();
		definitions.forEach((tool) -> validator.schemaOf(tool.name(), tool.inputSchema()));
		// converted once: the list and the callable tools share each definition
		Map<String, Tool> definitionByName = definitions.stream()
			.collect(Collectors.toMap(Tool::name, Function.identity()));
		Map<String, McpSyncTool> byName = catalog.tools()
			.stream()
			.collect(Collectors.toMap(DefernoTool::name,
					(tool) -> McpSyncTool.of(definitionByName.get(tool.name()), (context, request) -> McpSyncResponse
						.result(toolResult(mapper, tool.call().apply(request.arguments()))))));
		return new McpSyncToolRepository() {

			@Override
			public ToolsPage list(McpRequestContext context, String cursor) {
				noCursor(cursor);
				return new ToolsPage(definitions, null, LIST_TTL.toMillis(), CacheScope.PUBLIC);
			}

			@Override
			public McpSyncTool find(McpRequestContext context, String name) {
				return byName.get(name);
			}

		};
	}

	static McpSyncPromptRepository prompts(ToolCatalog catalog, McpJsonMapper mapper) {
		List<Prompt> definitions = catalog.prompts()
			.stream()
			.map((prompt) -> mapper.convertValue(prompt.definition(), Prompt.class))
			.toList();
		Map<String, DefernoPrompt> byName = catalog.prompts()
			.stream()
			.collect(Collectors.toMap(DefernoPrompt::name, Function.identity()));
		// converted once: the list and prompts/get share each definition
		Map<String, Prompt> definitionByName = definitions.stream()
			.collect(Collectors.toMap(Prompt::name, Function.identity()));
		return new McpSyncPromptRepository() {

			@Override
			public PromptsPage list(McpRequestContext context, String cursor) {
				noCursor(cursor);
				return new PromptsPage(definitions, null, LIST_TTL.toMillis(), CacheScope.PUBLIC);
			}

			@Override
			public McpSyncPrompt find(McpRequestContext context, String name) {
				DefernoPrompt prompt = byName.get(name);
				if (prompt == null) {
					throw McpException.invalidParams("Unknown prompt: " + JsonRpcErrors.quote(String.valueOf(name))
							+ "; prompts/list names the prompts");
				}
				return McpSyncPrompt.of(definitionByName.get(name),
						(ctx, request) -> McpSyncResponse.result(prompt(prompt, request.arguments())));
			}

		};
	}

	static McpSyncResourceRepository resources(ToolCatalog catalog, McpJsonMapper mapper) {
		List<Resource> resources = catalog.resources()
			.stream()
			.filter((r) -> r.resource() != null)
			.map((r) -> mapper.convertValue(r.resource(), Resource.class))
			.toList();
		List<ResourceTemplate> templates = catalog.resources()
			.stream()
			.filter((r) -> r.template() != null)
			.map((r) -> mapper.convertValue(r.template(), ResourceTemplate.class))
			.toList();
		Function<String, DefernoResource> lookup = (uri) -> catalog.resources()
			.stream()
			.filter((r) -> uri != null && r.matches(uri))
			.findFirst()
			.orElse(null);
		return new McpSyncResourceRepository() {

			@Override
			public ResourcesPage list(McpRequestContext context, String cursor) {
				noCursor(cursor);
				return new ResourcesPage(resources, null, LIST_TTL.toMillis(), CacheScope.PUBLIC);
			}

			@Override
			public ResourceTemplatesPage listTemplates(McpRequestContext context, String cursor) {
				noCursor(cursor);
				return new ResourceTemplatesPage(templates, null, LIST_TTL.toMillis(), CacheScope.PUBLIC);
			}

			@Override
			public McpSyncResource find(McpRequestContext context, String uri) {
				DefernoResource resource = lookup.apply(uri);
				if (resource == null) {
					throw McpException.invalidParams("Resource not found: " + JsonRpcErrors.quote(String.valueOf(uri)),
							Map.of("uri", Quotes.wellFormed(String.valueOf(uri))));
				}
				return McpSyncResource.of((ctx, request) -> McpSyncResponse.result(read(resource, request.uri())));
			}

		};
	}

	private static GetPromptResult prompt(DefernoPrompt prompt, Map<String, String> arguments) {
		String text;
		try {
			text = prompt.render(arguments);
		}
		catch (PromptArgumentException ex) {
			throw McpException.invalidParams(ex.getMessage());
		}
		return GetPromptResult
			.builder(List.of(PromptMessage.builder(Role.USER, TextContent.builder(text).build()).build()))
			.description(prompt.definition().description())
			.build();
	}

	private static ReadResourceResult read(DefernoResource resource, String uri) {
		String text;
		try {
			text = resource.reader().read(uri);
		}
		catch (ResourceReadException ex) {
			// the 2025 side bounds what the SDK answers; this side answers as given
			String message = JsonRpcErrors.bounded(ex.getMessage());
			throw switch (ex.reason()) {
				// 2026-07-28: a resource that does not exist is invalid params, not the
				// old -32002
				case NOT_FOUND -> McpException.invalidParams(message, Map.of("uri", Quotes.wellFormed(uri)));
				case INVALID -> McpException.invalidParams(message);
				case UNAVAILABLE -> new McpException(ErrorCodes.INTERNAL_ERROR, message);
			};
		}
		return ReadResourceResult
			.builder(List.of(TextResourceContents.builder(uri, text).mimeType(resource.mimeType()).build()))
			.ttlMs(0)
			.cacheScope(CacheScope.PRIVATE)
			.build();
	}

	/**
	 * The tool's result, a list's structured content the list itself: 2026-07-28 takes
	 * any JSON value there, which the text then serializes exactly, where earlier
	 * revisions take an object only, so the list is wrapped as {@code {"result": [...]}}
	 * for them.
	 */
	private static CallToolResult toolResult(McpJsonMapper mapper,
			io.modelcontextprotocol.spec.McpSchema.CallToolResult legacy) {
		// converted without its structured content, which is carried over as it is (the
		// rows' trees): converting it too copied every row twice
		CallToolResult result = modern(mapper, new io.modelcontextprotocol.spec.McpSchema.CallToolResult(
				legacy.content(), legacy.isError(), null, legacy.meta()), CallToolResult.class);
		Object structured = legacy.structuredContent();
		boolean listed = !legacy.content().isEmpty()
				&& legacy.content().getFirst() instanceof io.modelcontextprotocol.spec.McpSchema.TextContent text
				&& text.text().startsWith("[");
		if (listed && structured instanceof Map<?, ?> wrapped && wrapped.size() == 1
				&& wrapped.get("result") instanceof List<?> list) {
			structured = list;
		}
		return new CallToolResult(result.content(), structured, result.isError(), result.resultType(), result.meta());
	}

	/**
	 * A result the catalog built as a 2025 wire type, as the 2026 type of the same shape
	 * plus its resultType.
	 */
	private static <T> T modern(McpJsonMapper mapper, Object legacy, Class<T> type) {
		Map<String, Object> result = new LinkedHashMap<>(mapper.convertValue(legacy, MAP));
		result.put("resultType", "complete");
		return mapper.convertValue(result, type);
	}

	private static void noCursor(String cursor) {
		if (cursor != null) {
			// every list is one page: no cursor this server handed out can exist
			throw McpException.invalidParams("Invalid cursor: these lists are never paginated");
		}
	}

}
