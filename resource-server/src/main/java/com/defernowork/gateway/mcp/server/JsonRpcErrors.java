package com.defernowork.gateway.mcp.server;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.json.JsonMapper;

import com.defernowork.gateway.mcp.text.Quotes;

import org.springframework.http.MediaType;

/**
 * Every error {@code /mcp} writes itself: a JSON-RPC error object with the request's
 * {@code id} when it is known, a short message and nothing else (no stack, no class
 * names, no hosts); and the one way a JSON-RPC answer of ours is written. An error whose
 * request id is unknown carries no {@code id}: MCP's schema since 2025-11-25 makes it
 * optional and a request id, never {@code null} (base JSON-RPC's choice), and clients
 * checking that schema reject a {@code null}.
 */
final class JsonRpcErrors {

	static final int PARSE_ERROR = -32700;

	static final int INVALID_REQUEST = -32600;

	static final int METHOD_NOT_FOUND = -32601;

	static final int INVALID_PARAMS = -32602;

	static final int INTERNAL_ERROR = -32603;

	static final int HEADER_MISMATCH = -32020;

	static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;

	/**
	 * Messages quote what the client sent (a method or tool name); a quote never makes an
	 * error large.
	 */
	private static final int MAX_MESSAGE = 300;

	private static final JsonMapper JSON = JsonMapper.shared();

	private JsonRpcErrors() {
	}

	static ObjectNode error(JsonNode id, int code, String message, JsonNode data) {
		ObjectNode body = JsonNodeFactory.instance.objectNode();
		body.put("jsonrpc", "2.0");
		if (id != null) {
			body.set("id", id);
		}
		ObjectNode error = body.putObject("error");
		error.put("code", code);
		error.put("message", bounded(message));
		if (data != null) {
			error.set("data", data);
		}
		return body;
	}

	static void write(HttpServletResponse response, int status, JsonNode id, int code, String message)
			throws IOException {
		write(response, status, error(id, code, message, null));
	}

	static void write(HttpServletResponse response, int status, JsonNode body) throws IOException {
		writeJson(response, status, JSON.writeValueAsBytes(body));
	}

	/** Any JSON-RPC answer {@code /mcp} writes, an error or not. */
	static void writeJson(HttpServletResponse response, int status, byte[] json) throws IOException {
		jsonBody(response, status).write(json);
	}

	/** The body of a JSON-RPC answer, its status and type set. */
	static OutputStream jsonBody(HttpServletResponse response, int status) throws IOException {
		response.setStatus(status);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		return response.getOutputStream();
	}

	/**
	 * The request's id when it is a valid JSON-RPC id (a string or an integer), else
	 * {@code null}.
	 */
	static JsonNode idOf(JsonNode message) {
		JsonNode id = (message != null && message.isObject()) ? message.get("id") : null;
		return (id != null && (id.isString() || (id.isIntegralNumber() && id.canConvertToLong()))) ? id : null;
	}

	/** A client-sent value quoted in a message: short, one line. */
	static String quote(String value) {
		return Quotes.line(value, Quotes.SHORT);
	}

	static String bounded(String message) {
		return Quotes.atMost(message, MAX_MESSAGE);
	}

	/**
	 * An error's {@code data} as the SDK built it, each string in it well-formed
	 * ({@link Quotes#wellFormed}): it may quote what the client sent.
	 */
	static Object wellFormed(Object data) {
		return switch (data) {
			case String text -> Quotes.wellFormed(text);
			case Map<?, ?> map -> {
				Map<Object, Object> copy = new LinkedHashMap<>();
				map.forEach((key, value) -> copy.put(wellFormed(key), wellFormed(value)));
				yield copy;
			}
			case List<?> list -> list.stream().map(JsonRpcErrors::wellFormed).toList();
			case null, default -> data;
		};
	}

}
