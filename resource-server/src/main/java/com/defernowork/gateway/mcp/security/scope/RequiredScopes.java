package com.defernowork.gateway.mcp.security.scope;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import com.defernowork.gateway.mcp.catalog.ToolScopes;
import com.defernowork.gateway.model.scope.Scopes;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The scopes a JSON-RPC request body needs before it may run: {@code tools/call} asks
 * {@link ToolScopes} for the tool, {@code resources/read} for the resource, for one
 * message or every message of a batch. Anything else needs no scope here; a body that is
 * not JSON needs none either (the MCP server answers it with a parse error).
 */
final class RequiredScopes {

	/**
	 * As strict as the MCP server: a body with a member twice needs no scope, it is
	 * refused.
	 */
	private static final ObjectMapper JSON = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	private final ToolScopes toolScopes;

	RequiredScopes(ToolScopes toolScopes) {
		this.toolScopes = toolScopes;
	}

	Set<Scopes> of(byte[] body) {
		Set<Scopes> required = EnumSet.noneOf(Scopes.class);
		JsonNode root;
		try {
			root = JSON.readTree(body);
		}
		catch (JacksonException ex) {
			return required;
		}
		if (root == null) {
			return required;
		}
		if (root.isArray()) {
			root.forEach((message) -> forMessage(message).ifPresent(required::add));
		}
		else {
			forMessage(root).ifPresent(required::add);
		}
		return required;
	}

	/**
	 * The tools the body's {@code tools/call}s call, for reporting a refusal: only tools
	 * of the catalog, each once (a metric or audit line per made-up name, or per copy in
	 * a batch, would let one request grow them without bound).
	 */
	List<String> tools(byte[] body) {
		JsonNode root;
		try {
			root = JSON.readTree(body);
		}
		catch (JacksonException ex) {
			return List.of();
		}
		if (root == null) {
			return List.of();
		}
		Stream<JsonNode> messages = root.isArray() ? root.valueStream() : Stream.of(root);
		return messages.filter((message) -> "tools/call".equals(message.path("method").asString("")))
			.flatMap((message) -> text(message.path("params"), "name").stream())
			.filter((name) -> this.toolScopes.forTool(name).isPresent())
			.distinct()
			.toList();
	}

	private Optional<Scopes> forMessage(JsonNode message) {
		if (!message.isObject()) {
			return Optional.empty();
		}
		JsonNode params = message.path("params");
		return switch (message.path("method").asString("")) {
			case "tools/call" -> text(params, "name").flatMap(this.toolScopes::forTool);
			case "resources/read" -> text(params, "uri").flatMap(this.toolScopes::forResource);
			default -> Optional.empty();
		};
	}

	private static Optional<String> text(JsonNode params, String field) {
		JsonNode value = params.path(field);
		return value.isString() ? Optional.of(value.stringValue()) : Optional.empty();
	}

}
