package com.defernowork.gateway.mcp.tools.resources;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.ResourceTemplate;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

import com.defernowork.gateway.mcp.deferno.client.DefernoApiException;
import com.defernowork.gateway.mcp.deferno.client.DefernoClient;
import com.defernowork.gateway.mcp.deferno.client.DefernoTokenUnavailableException;
import com.defernowork.gateway.mcp.deferno.projection.CompactProjection;
import com.defernowork.gateway.mcp.deferno.refs.RefResolver;
import com.defernowork.gateway.mcp.deferno.refs.UnroutableRefException;
import com.defernowork.gateway.mcp.catalog.DefernoResource;
import com.defernowork.gateway.mcp.catalog.DefernoTool;
import com.defernowork.gateway.mcp.catalog.ToolProvider;
import com.defernowork.gateway.model.scope.Scopes;

import static com.defernowork.gateway.mcp.deferno.client.UriEncoding.encode;

/**
 * The read-only resources: today's plan, mood history and one item ({@code defernowork://item/{ref}}, the ref
 * percent-decoded, so {@code #123} arrives as {@code %23123}). Failures are JSON-RPC errors with the same messages
 * the tools give.
 */
@Component
class ItemResources implements ToolProvider {

	static final String PLAN = "defernowork://tasks/plan";

	static final String MOOD_HISTORY = "defernowork://tasks/mood-history";

	static final String ITEM_PREFIX = "defernowork://item/";

	private final DefernoClient client;

	private final RefResolver refs;

	private final JsonMapper jsonMapper;

	ItemResources(DefernoClient client, RefResolver refs, JsonMapper jsonMapper) {
		this.client = client;
		this.refs = refs;
		this.jsonMapper = jsonMapper;
	}

	@Override
	public List<DefernoTool> tools() {
		return List.of();
	}

	@Override
	public List<DefernoResource> resources() {
		return List.of(DefernoResource.of(plan(), Scopes.PLAN_READ),
				DefernoResource.of(moodHistory(), Scopes.TASKS_READ), DefernoResource.of(item(), Scopes.TASKS_READ));
	}

	SyncResourceSpecification plan() {
		Resource resource = Resource.builder()
			.uri(PLAN)
			.name("daily-plan")
			.title("Today's plan")
			.description("Today's curated plan, all four kinds, kind-tagged (same as get_daily_plan without arguments).")
			.mimeType("application/json")
			.build();
		return new SyncResourceSpecification(resource, (context, request) -> read(request.uri(),
				() -> this.client.get("/items/plan")));
	}

	SyncResourceSpecification moodHistory() {
		Resource resource = Resource.builder()
			.uri(MOOD_HISTORY)
			.name("mood-history")
			.title("Mood history")
			.description("Finished tasks with their productivity and mood at start and finish.")
			.mimeType("application/json")
			.build();
		return new SyncResourceSpecification(resource, (context, request) -> read(request.uri(),
				() -> this.client.get("/tasks/mood-history")));
	}

	SyncResourceTemplateSpecification item() {
		ResourceTemplate template = ResourceTemplate.builder()
			.uriTemplate(ITEM_PREFIX + "{ref}")
			.name("item")
			.title("An item")
			.description("One item, Compact projection; {ref} is any Ref form, percent-encoded (#123 → %23123).")
			.mimeType("application/json")
			.build();
		return new SyncResourceTemplateSpecification(template, (context, request) -> read(request.uri(), () -> {
			String ref = percentDecode(request.uri().substring(ITEM_PREFIX.length()));
			String id = this.refs.resolve("ref", ref);
			return CompactProjection.item(this.client.get("/items/" + encode(id)));
		}));
	}

	private ReadResourceResult read(String uri, java.util.function.Supplier<JsonNode> reader) {
		try {
			String text = this.jsonMapper.writerWithDefaultPrettyPrinter().writeValueAsString(reader.get());
			return new ReadResourceResult(List.of(new TextResourceContents(uri, "application/json", text)));
		}
		catch (UnroutableRefException | IllegalArgumentException ex) {
			throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message(ex.getMessage()).build();
		}
		catch (DefernoApiException ex) {
			int code = (ex.status() == 404) ? McpSchema.ErrorCodes.RESOURCE_NOT_FOUND : McpSchema.ErrorCodes.INTERNAL_ERROR;
			throw McpError.builder(code).message(ex.getMessage()).build();
		}
		catch (DefernoTokenUnavailableException ex) {
			throw McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR)
				.message("not authenticated with Deferno: " + ex.getMessage())
				.build();
		}
	}

	/** Percent-decoding that keeps {@code +} (like Python's {@code unquote}, unlike form decoding). */
	static String percentDecode(String value) {
		return java.net.URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

}
