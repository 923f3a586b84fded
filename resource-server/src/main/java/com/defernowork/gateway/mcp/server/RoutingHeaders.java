package com.defernowork.gateway.mcp.server;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;

import io.modelcontextprotocol.modern.server.transport.McpHeaderDecoder;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.JsonNode;

/**
 * MCP 2026-07-28's routing headers held against the body, in the SDK's words: a proxy
 * that routes by {@code Mcp-Method} and {@code Mcp-Name} must never see another message
 * than the one this server takes. The SDK checks a request's headers itself, but only
 * once the servlet's own answers to what else is wrong with it would have been given; a
 * mismatch is answered first (-32020), whatever else is wrong.
 */
final class RoutingHeaders {

	static final String MCP_METHOD = "Mcp-Method";

	static final String MCP_NAME = "Mcp-Name";

	private RoutingHeaders() {
	}

	/**
	 * A request's {@code Mcp-Method}, required and compared as sent, and its
	 * {@code Mcp-Name} for a {@code tools/call}, {@code prompts/get} (the name) or
	 * {@code resources/read} (the URI) whose body names one.
	 */
	static Optional<String> requestProblem(HttpServletRequest request, String method, JsonNode params) {
		List<String> methods = lines(request, MCP_METHOD);
		if (methods.isEmpty()) {
			return Optional.of("Missing required header: " + MCP_METHOD);
		}
		if (methods.size() > 1) {
			return Optional.of(MCP_METHOD + " header has more than one value");
		}
		if (!method.equals(methods.getFirst())) {
			return Optional.of(MCP_METHOD + " header does not match request method");
		}
		JsonNode named = switch (method) {
			case "tools/call", "prompts/get" -> params.path("name");
			case "resources/read" -> params.path("uri");
			default -> null;
		};
		// a name of another type is the params' problem, told as such later
		return (named != null && named.isString()) ? nameProblem(request, named.stringValue()) : Optional.empty();
	}

	/**
	 * A notification's {@code Mcp-Method}, when sent (2026-07-28 requires it of requests
	 * only): the SDK answers a notification 202 without reading it.
	 */
	static Optional<String> notificationProblem(HttpServletRequest request, String method) {
		List<String> sent = lines(request, MCP_METHOD);
		if (sent.isEmpty()) {
			return Optional.empty();
		}
		if (sent.size() > 1) {
			return Optional.of(MCP_METHOD + " header has more than one value");
		}
		return method.equals(decoded(sent.getFirst())) ? Optional.empty()
				: Optional.of(MCP_METHOD + " header does not match request method");
	}

	private static Optional<String> nameProblem(HttpServletRequest request, String name) {
		List<String> sent = lines(request, MCP_NAME);
		if (sent.isEmpty()) {
			return Optional.of("Missing required header: " + MCP_NAME);
		}
		if (sent.size() > 1) {
			return Optional.of(MCP_NAME + " header has more than one value");
		}
		String value = decoded(sent.getFirst());
		if (value == null) {
			return Optional.of(MCP_NAME + " header has a malformed value");
		}
		return name.equals(value) ? Optional.empty()
				: Optional.of(MCP_NAME + " header does not match request name/uri");
	}

	/**
	 * The header's lines, one sent twice counted once (a client that sets the header as
	 * well as its SDK); not split at commas, which a name or URI may hold.
	 */
	static List<String> lines(HttpServletRequest request, String name) {
		// read three or four times a request, nearly always one line:
		// no list copied, no stream
		Enumeration<String> sent = request.getHeaders(name);
		if (!sent.hasMoreElements()) {
			return List.of();
		}
		String first = sent.nextElement();
		if (!sent.hasMoreElements()) {
			return List.of(first);
		}
		List<String> lines = new ArrayList<>(List.of(first));
		sent.asIterator().forEachRemaining((line) -> {
			if (!lines.contains(line)) {
				lines.add(line);
			}
		});
		return lines;
	}

	/** The value, its Base64 sentinel decoded; null when that is malformed. */
	private static String decoded(String value) {
		try {
			return McpHeaderDecoder.decodeValue(value);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
