package com.defernowork.gateway.mcp.deferno.client;

import org.springframework.http.HttpMethod;

/**
 * One request to Deferno: method, path below the base URL (already percent-encoded, query
 * included) and an optional JSON body (a {@code Map}, a list or a {@code JsonNode}).
 */
public record DefernoCall(HttpMethod method, String path, Object body) {

	public static DefernoCall get(String path) {
		return new DefernoCall(HttpMethod.GET, path, null);
	}

	public static DefernoCall post(String path, Object body) {
		return new DefernoCall(HttpMethod.POST, path, body);
	}

	public static DefernoCall put(String path, Object body) {
		return new DefernoCall(HttpMethod.PUT, path, body);
	}

	public static DefernoCall patch(String path, Object body) {
		return new DefernoCall(HttpMethod.PATCH, path, body);
	}

	public static DefernoCall delete(String path) {
		return new DefernoCall(HttpMethod.DELETE, path, null);
	}

}
