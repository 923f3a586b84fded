package com.defernowork.gateway.mcp.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;

/**
 * The {@code {"error", "error_description"}} body of every answer the security layer
 * writes itself.
 */
public final class ErrorBodies {

	private static final JsonMapper JSON = JsonMapper.shared();

	private ErrorBodies() {
	}

	/**
	 * Writes status and body; headers the caller needs (challenges, Retry-After) are set
	 * before.
	 */
	public static void write(HttpServletResponse response, int status, String error, String description)
			throws IOException {
		Map<String, String> body = new LinkedHashMap<>();
		if (error != null) {
			body.put("error", error);
		}
		body.put("error_description", description);
		response.setStatus(status);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		// the output stream, not the writer: a buffering wrapper may already have opened
		// the stream
		response.getOutputStream().write(JSON.writeValueAsBytes(body));
	}

}
