package com.defernowork.gateway.mcp.server;

import java.io.IOException;
import java.util.Map;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCNotification;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse.JSONRPCError;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;

/**
 * The 2025-era side of {@code /mcp}: the SDK's stateless server behind a transport of our
 * own. The WebMVC stateless transport answered malformed messages with a serialized
 * {@code McpError} including a Java stack trace and let conversion failures become HTTP
 * 500; this one checks the message first ({@link LegacyRequests}), answers every failure
 * with a short JSON-RPC error, and never lets an internal error's text out.
 */
final class LegacyMcpTransport implements McpStatelessServerTransport {

	private static final Logger logger = LoggerFactory.getLogger(LegacyMcpTransport.class);

	private final JsonMapper jsonMapper;

	private final LegacyRequests requests;

	private volatile McpStatelessServerHandler handler;

	LegacyMcpTransport(JsonMapper jsonMapper, LegacyRequests requests) {
		this.jsonMapper = jsonMapper;
		this.requests = requests;
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
	public java.util.List<String> protocolVersions() {
		// oldest first: the SDK answers an initialize with an unknown version with the
		// last one
		return java.util.List.of("2025-03-26", "2025-06-18", "2025-11-25");
	}

	/** Serves one parsed message (the body was valid JSON). */
	void handle(JsonNode message, HttpServletResponse response) throws IOException {
		JsonNode id = JsonRpcErrors.idOf(message);
		String invalid = invalidMessage(message);
		if (invalid != null) {
			logger.debug("Refused a JSON-RPC message: {}", invalid);
			JsonRpcErrors.write(response, HttpServletResponse.SC_BAD_REQUEST, id, JsonRpcErrors.INVALID_REQUEST,
					invalid);
			return;
		}
		String method = message.get("method").stringValue();
		JsonNode params = message.get("params");
		if (!message.has("id")) {
			// a notification: accepted whatever it is (the stateless server has nothing
			// to do for most)
			this.handler
				.handleNotification(McpTransportContext.EMPTY,
						new JSONRPCNotification(McpSchema.JSONRPC_VERSION, method, toMap(params)))
				.block();
			response.setStatus(HttpServletResponse.SC_ACCEPTED);
			return;
		}
		String problem = this.requests.problem(method, params).orElse(null);
		if (problem != null) {
			logger.debug("Refused {}: {}", method, problem);
			JsonRpcErrors.write(response, HttpServletResponse.SC_OK, id, JsonRpcErrors.INVALID_PARAMS, problem);
			return;
		}
		if (LegacyRequests.LOGGING_SET_LEVEL.equals(method)) {
			// nothing to remember: this server sends no log notifications on its JSON
			// answers at any level
			writeJson(response, new JSONRPCResponse(McpSchema.JSONRPC_VERSION,
					this.jsonMapper.treeToValue(id, Object.class), Map.of(), null));
			return;
		}
		JSONRPCRequest request = new JSONRPCRequest(McpSchema.JSONRPC_VERSION, method,
				this.jsonMapper.treeToValue(id, Object.class), toMap(params));
		JSONRPCResponse answer = this.handler.handleRequest(McpTransportContext.EMPTY, request).block();
		writeJson(response, safe(answer));
	}

	private void writeJson(HttpServletResponse response, JSONRPCResponse answer) throws IOException {
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		response.getOutputStream().write(this.jsonMapper.writeValueAsBytes(answer));
	}

	/**
	 * Why the message is not a JSON-RPC request or notification this server takes, or
	 * {@code null}.
	 */
	private static String invalidMessage(JsonNode message) {
		if (!message.isObject()) {
			return message.isArray() ? "Batches are not supported: send one JSON-RPC message per request"
					: "The body must be a JSON-RPC request object";
		}
		if (!message.path("jsonrpc").isString() || !"2.0".equals(message.get("jsonrpc").stringValue())) {
			return "jsonrpc must be \"2.0\"";
		}
		if (!message.path("method").isString()) {
			return (message.has("result") || message.has("error"))
					? "This server sends no requests, so it takes no responses" : "method must be a string";
		}
		if (message.has("id") && JsonRpcErrors.idOf(message) == null) {
			return "id must be a string or an integer of at most 64 bits";
		}
		return null;
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
			// the SDK's own texts quote what the client sent (a method name) whole
			String message = JsonRpcErrors.bounded(String.valueOf(error.message()));
			return message.equals(error.message()) ? answer : new JSONRPCResponse(answer.jsonrpc(), answer.id(), null,
					new JSONRPCError(error.code(), message, error.data()));
		}
		logger.error("Request {} failed inside the MCP server: {}", answer.id(), error.message());
		return new JSONRPCResponse(answer.jsonrpc(), answer.id(), null,
				new JSONRPCError(JsonRpcErrors.INTERNAL_ERROR, "Internal error", null));
	}

}
