package com.defernowork.gateway.mcp.server;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse.JSONRPCError;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The 2025-era side of {@code /mcp}: the SDK's stateless server behind a transport of our
 * own. The WebMVC stateless transport answered malformed messages with a serialized
 * {@code McpError} including a Java stack trace and let conversion failures become HTTP
 * 500; this one checks the message first ({@link LegacyRequests}), answers every failure
 * with a short JSON-RPC error, and never lets an internal error's text out.
 */
final class LegacyMcpTransport implements McpStatelessServerTransport {

	private static final Logger logger = LoggerFactory.getLogger(LegacyMcpTransport.class);

	/**
	 * Oldest first: the SDK answers an initialize with an unknown version with the last
	 * one.
	 */
	private static final List<String> VERSIONS = List.of("2025-03-26", "2025-06-18", "2025-11-25");

	private final JsonMapper jsonMapper;

	private final LegacyRequests requests;

	private volatile McpStatelessServerHandler handler;

	LegacyMcpTransport(JsonMapper jsonMapper, LegacyRequests requests) {
		this.jsonMapper = jsonMapper;
		this.requests = requests;
	}

	/** The checks, which the 2026-07-28 side shares. */
	LegacyRequests requests() {
		return this.requests;
	}

	@Override
	public void setMcpHandler(McpStatelessServerHandler handler) {
		this.handler = handler;
	}

	@Override
	public Mono<Void> closeGracefully() {
		return Mono.empty();
	}

	@Override
	public List<String> protocolVersions() {
		return VERSIONS;
	}

	/**
	 * Serves one JSON-RPC request or notification ({@link McpEndpointServlet} has checked
	 * the envelope).
	 */
	void handle(JsonNode message, HttpServletResponse response) throws IOException {
		Object answer = answer(message);
		if (answer == null) {
			response.setStatus(HttpServletResponse.SC_ACCEPTED);
			return;
		}
		write(response, answer);
	}

	/**
	 * The answer to one JSON-RPC message (an error too), or {@code null} for a
	 * notification, which gets none.
	 */
	Object answer(JsonNode message) {
		String method = message.get("method").stringValue();
		if (!message.has("id")) {
			// a notification: a stateless server has nothing to do for one (the SDK's
			// would log a warning for each method it has no handler for)
			logger.debug("Accepted notification {}", JsonRpcErrors.quote(method));
			return null;
		}
		JsonNode id = JsonRpcErrors.idOf(message);
		JsonNode params = message.get("params");
		String problem = this.requests.problem(method, params).or(() -> initializeProblem(method, params)).orElse(null);
		if (problem != null) {
			logger.debug("Refused {}: {}", method, problem);
			return JsonRpcErrors.error(id, JsonRpcErrors.INVALID_PARAMS, problem, null);
		}
		if (LegacyRequests.LOGGING_SET_LEVEL.equals(method)) {
			// nothing to remember: this server sends no log notifications on its JSON
			// answers at any level
			return new JSONRPCResponse(McpSchema.JSONRPC_VERSION, this.jsonMapper.treeToValue(id, Object.class),
					Map.of(), null);
		}
		Map<String, Object> arguments = toMap(params);
		if ("initialize".equals(method) && !VERSIONS.contains(arguments.get("protocolVersion"))) {
			// answered with the latest version either way (MCP's negotiation); the SDK
			// would log a warning for the client's choice
			arguments.put("protocolVersion", VERSIONS.getLast());
		}
		JSONRPCRequest request = new JSONRPCRequest(McpSchema.JSONRPC_VERSION, method,
				this.jsonMapper.treeToValue(id, Object.class), arguments);
		return safe(this.handler.handleRequest(McpTransportContext.EMPTY, request).block());
	}

	/** An answer, or a batch's answers, as JSON (200). */
	void write(HttpServletResponse response, Object answer) throws IOException {
		// written as it is made, never whole in memory first (a large list is megabytes);
		// neither closed nor flushed, so that a short answer still goes with its length
		this.jsonMapper.writer()
			.without(StreamWriteFeature.AUTO_CLOSE_TARGET)
			.without(StreamWriteFeature.FLUSH_PASSED_TO_STREAM)
			.writeValue(JsonRpcErrors.jsonBody(response, HttpServletResponse.SC_OK), answer);
	}

	/**
	 * What makes an initialize's params unfit for the SDK's record (a capability or a
	 * client-info member of the wrong type), named by its path: the SDK would answer
	 * -32603 and log the conversion's stack.
	 */
	private Optional<String> initializeProblem(String method, JsonNode params) {
		if (!"initialize".equals(method)) {
			return Optional.empty();
		}
		try {
			this.jsonMapper.treeToValue(params, McpSchema.InitializeRequest.class);
			return Optional.empty();
		}
		catch (JacksonException ex) {
			StringBuilder path = new StringBuilder("params");
			for (JacksonException.Reference each : ex.getPath()) {
				if (each.getPropertyName() != null) {
					path.append('.').append(JsonRpcErrors.quote(each.getPropertyName()));
				}
				else if (each.getIndex() >= 0) {
					path.append('[').append(each.getIndex()).append(']');
				}
			}
			return Optional.of(path + " has the wrong type for an initialize request");
		}
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> toMap(JsonNode params) {
		return (params != null && params.isObject()) ? this.jsonMapper.treeToValue(params, Map.class) : null;
	}

	/**
	 * An internal error keeps its own words only when one of our handlers chose them (it
	 * then sets {@code data}); anything else there is an exception's text, which stays in
	 * the log.
	 */
	private static JSONRPCResponse safe(JSONRPCResponse answer) {
		JSONRPCError error = answer.error();
		if (error == null) {
			return answer;
		}
		if (error.code() != JsonRpcErrors.INTERNAL_ERROR || error.data() != null) {
			// the SDK's own texts quote what the client sent (a method name, a resource's
			// URI in data) whole and as it is
			String message = JsonRpcErrors.bounded(String.valueOf(error.message()));
			Object data = JsonRpcErrors.wellFormed(error.data());
			return (message.equals(error.message()) && Objects.equals(data, error.data())) ? answer
					: new JSONRPCResponse(answer.jsonrpc(), answer.id(), null,
							new JSONRPCError(error.code(), message, data));
		}
		logger.error("Request {} failed inside the MCP server: {}", answer.id(), error.message());
		return new JSONRPCResponse(answer.jsonrpc(), answer.id(), null,
				new JSONRPCError(JsonRpcErrors.INTERNAL_ERROR, "Internal error", null));
	}

}
