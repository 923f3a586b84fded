package com.defernowork.gateway.e2e.support;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.JsonNode;

/**
 * MCP over Streamable HTTP, the way clients send it: JSON-RPC posts accepting JSON or an
 * event stream, with the bearer token and, once known, the session id and protocol
 * version.
 */
public final class McpCalls {

	public static final String PROTOCOL_VERSION = "2025-11-25";

	private final String url;

	private final AtomicInteger ids = new AtomicInteger();

	private String sessionId;

	public McpCalls(String url) {
		this.url = url;
	}

	/**
	 * Sends a request and returns the HTTP answer (the JSON-RPC message is read with
	 * {@link #message}).
	 */
	public HttpResponse<String> request(String token, String method, Map<String, Object> params) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("jsonrpc", "2.0");
		body.put("id", this.ids.incrementAndGet());
		body.put("method", method);
		body.put("params", params);
		HttpResponse<String> response = post(token, body);
		response.headers().firstValue("Mcp-Session-Id").ifPresent(id -> this.sessionId = id);
		return response;
	}

	public HttpResponse<String> initialize(String token) {
		return request(token, "initialize", Map.of("protocolVersion", PROTOCOL_VERSION, "capabilities", Map.of(),
				"clientInfo", Map.of("name", "e2e-test", "version", "1.0")));
	}

	public HttpResponse<String> initialized(String token) {
		return post(token, Map.of("jsonrpc", "2.0", "method", "notifications/initialized"));
	}

	public HttpResponse<String> callTool(String token, String name, Map<String, Object> arguments) {
		return request(token, "tools/call", Map.of("name", name, "arguments", arguments));
	}

	/**
	 * The JSON-RPC message of an answer, whether it came as JSON or as a one-message
	 * event stream.
	 */
	public static JsonNode message(HttpResponse<String> response) {
		String contentType = response.headers().firstValue("Content-Type").orElse("");
		String body = response.body();
		if (contentType.startsWith("text/event-stream")) {
			StringBuilder data = new StringBuilder();
			for (String line : body.split("\r?\n")) {
				if (line.startsWith("data:")) {
					data.append(line.substring(5).strip());
				}
				else if (line.isEmpty() && !data.isEmpty()) {
					break;
				}
			}
			body = data.toString();
		}
		return HttpCalls.JSON.readTree(body);
	}

	private HttpResponse<String> post(String token, Object body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.url))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json, text/event-stream")
			.header("MCP-Protocol-Version", PROTOCOL_VERSION)
			.POST(HttpRequest.BodyPublishers.ofString(HttpCalls.JSON.writeValueAsString(body)));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		if (this.sessionId != null) {
			request.header("Mcp-Session-Id", this.sessionId);
		}
		return HttpCalls.send(request);
	}

}
