package com.defernowork.gateway.mcp.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * The shape checks a 2025-era request passes before the SDK's stateless server sees it.
 * That server converts {@code params} to its records without checking them first, so a
 * wrong type surfaced as an HTTP 500 with the conversion's exception text; here it is an
 * invalid-params error naming the field. Unknown tool names are named too (the SDK
 * answers every one with the same fixed text), and so are unknown prompt names. The
 * checks of a name, a URI and arguments and the unknown names ({@link #sharedProblem})
 * serve the 2026-07-28 era too, whose SDK would turn a number into a string unasked and
 * not say where the names are, and so do the log levels ({@link #logLevelProblem}), which
 * that SDK takes whatever they are.
 */
final class LegacyRequests {

	static final String LOGGING_SET_LEVEL = "logging/setLevel";

	/** The syslog severities MCP's logging utility names, lowest first. */
	private static final List<String> LOG_LEVELS = List.of("debug", "info", "notice", "warning", "error", "critical",
			"alert", "emergency");

	/** Where a 2026-07-28 request asks for log messages at a level and above. */
	static final String LOG_LEVEL_META = "io.modelcontextprotocol/logLevel";

	/** Longer than any resource URI this server has; an error may quote it whole. */
	static final int MAX_URI = 1024;

	/** MCP's limit for a tool's name; ours and the prompts' are far shorter. */
	static final int MAX_NAME = 128;

	private final Set<String> toolNames;

	private final Set<String> promptNames;

	LegacyRequests(Set<String> toolNames, Set<String> promptNames) {
		this.toolNames = toolNames;
		this.promptNames = promptNames;
	}

	/**
	 * What is wrong with the request's {@code params}, if anything (reported as -32602).
	 */
	Optional<String> problem(String method, JsonNode params) {
		if (params == null) {
			// "params": null never gets here: McpEndpointServlet refuses it (JSON-RPC)
			return requiresParams(method) ? Optional.of("params is required for " + method) : Optional.empty();
		}
		if (!params.isObject()) {
			return Optional.of("params must be an object");
		}
		if (params.has("_meta") && !params.get("_meta").isObject()) {
			return Optional.of("params._meta must be an object");
		}
		return switch (method) {
			case "initialize" -> initialize(params);
			case "tools/call", "prompts/get", "resources/read" -> sharedProblem(method, params);
			case "tools/list", "resources/list", "resources/templates/list", "prompts/list" -> cursor(params);
			case LOGGING_SET_LEVEL -> LOG_LEVELS.contains(string(params, "level").orElse("")) ? Optional.empty()
					: Optional.of("params.level must be one of " + String.join(", ", LOG_LEVELS));
			default -> Optional.empty();
		};
	}

	private static boolean requiresParams(String method) {
		return switch (method) {
			case "initialize", "tools/call", "resources/read", "prompts/get", LOGGING_SET_LEVEL -> true;
			default -> false;
		};
	}

	private static Optional<String> initialize(JsonNode params) {
		if (string(params, "protocolVersion").isEmpty()) {
			return Optional.of("params.protocolVersion must be a string");
		}
		if (!params.path("capabilities").isObject()) {
			return Optional.of("params.capabilities must be an object");
		}
		JsonNode clientInfo = params.path("clientInfo");
		if (!clientInfo.isObject() || string(clientInfo, "name").isEmpty()
				|| (clientInfo.has("version") && !clientInfo.get("version").isString())) {
			return Optional.of("params.clientInfo must be an object with a string name and version");
		}
		return Optional.empty();
	}

	/**
	 * What is wrong with a {@code tools/call}, {@code prompts/get} or
	 * {@code resources/read} whose params are an object, in either era: its shape, then
	 * an unknown tool or prompt.
	 */
	Optional<String> sharedProblem(String method, JsonNode params) {
		return shapeProblem(method, params).or(() -> switch (method) {
			case "tools/call" -> known(this.toolNames, "tool", params);
			case "prompts/get" -> known(this.promptNames, "prompt", params);
			default -> Optional.empty();
		});
	}

	/**
	 * What is wrong with the name, URI or arguments of a {@code tools/call},
	 * {@code prompts/get} or {@code resources/read} whose params are an object, in either
	 * era.
	 */
	private static Optional<String> shapeProblem(String method, JsonNode params) {
		return switch (method) {
			case "tools/call" -> nameProblem(params, "tool").or(() -> objectOrAbsent(params.get("arguments")));
			case "prompts/get" ->
				nameProblem(params, "prompt").or(() -> promptArgumentsProblem(params.get("arguments")));
			case "resources/read" -> {
				Optional<String> uri = string(params, "uri");
				if (uri.isEmpty()) {
					yield Optional.of("params.uri must be a string");
				}
				yield (characters(uri.get()) > MAX_URI)
						? Optional.of("params.uri is longer than any resource's (at most " + MAX_URI + " characters)")
						: Optional.empty();
			}
			default -> Optional.empty();
		};
	}

	private static Optional<String> nameProblem(JsonNode params, String kind) {
		Optional<String> name = string(params, "name");
		if (name.isEmpty()) {
			return Optional.of("params.name must be the name of a " + kind);
		}
		return (characters(name.get()) > MAX_NAME)
				? Optional.of("params.name is longer than any " + kind + "'s (at most " + MAX_NAME + " characters)")
				: Optional.empty();
	}

	private static Optional<String> known(Set<String> names, String kind, JsonNode params) {
		String name = params.get("name").stringValue();
		return names.contains(name) ? Optional.empty() : Optional
			.of("Unknown " + kind + ": " + JsonRpcErrors.quote(name) + "; " + kind + "s/list names the " + kind + "s");
	}

	private static Optional<String> objectOrAbsent(JsonNode arguments) {
		return (arguments != null && !arguments.isNull() && !arguments.isObject())
				? Optional.of("params.arguments must be an object") : Optional.empty();
	}

	/**
	 * What is wrong with a {@code prompts/get}'s arguments, if anything: in both eras
	 * they are strings (the 2026-07-28 SDK would turn a number or a boolean into one
	 * unasked).
	 */
	static Optional<String> promptArgumentsProblem(JsonNode arguments) {
		if (arguments == null || arguments.isNull()) {
			return Optional.empty();
		}
		if (!arguments.isObject()) {
			return Optional.of("params.arguments must be an object");
		}
		for (JsonNode value : arguments.values()) {
			// null too: docs/mcp-protocol.md refuses any value but a string
			if (!value.isString()) {
				return Optional.of("params.arguments values must be strings");
			}
		}
		return Optional.empty();
	}

	/**
	 * What is wrong with a 2026-07-28 request's {@code _meta} log level, if anything:
	 * MCP's logging says to refuse a level it does not name (-32602) rather than guess
	 * one; {@code null} is no level, as a {@code null} cursor is no cursor.
	 */
	static Optional<String> logLevelProblem(JsonNode meta) {
		JsonNode level = meta.path(LOG_LEVEL_META);
		if (level.isMissingNode() || level.isNull() || (level.isString() && LOG_LEVELS.contains(level.stringValue()))) {
			return Optional.empty();
		}
		return Optional.of("_meta " + LOG_LEVEL_META + " must be one of " + String.join(", ", LOG_LEVELS));
	}

	/** A checked {@code prompts/get}'s arguments as the strings they are. */
	static Map<String, String> promptArguments(Map<String, Object> arguments) {
		Map<String, String> strings = new LinkedHashMap<>();
		if (arguments != null) {
			arguments.forEach((key, value) -> strings.put(key, (value != null) ? value.toString() : null));
		}
		return strings;
	}

	/**
	 * Every list is one page: no cursor this server handed out can exist (as in 2026).
	 */
	private static Optional<String> cursor(JsonNode params) {
		JsonNode cursor = params.get("cursor");
		return (cursor != null && !cursor.isNull()) ? Optional.of("Invalid cursor: these lists are never paginated")
				: Optional.empty();
	}

	/**
	 * A length in characters (code points), as JSON Schema counts it: an emoji is one.
	 */
	static int characters(String text) {
		return text.codePointCount(0, text.length());
	}

	private static Optional<String> string(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isString()) ? Optional.of(value.stringValue()) : Optional.empty();
	}

}
