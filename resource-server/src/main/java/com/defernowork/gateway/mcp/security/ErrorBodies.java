package com.defernowork.gateway.mcp.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;

/** The {@code {"error", "error_description"}} body of every answer the security layer writes itself. */
public final class ErrorBodies {

	private ErrorBodies() {
	}

	/** Writes status and body; headers the caller needs (challenges, Retry-After) are set before. */
	public static void write(HttpServletResponse response, int status, String error, String description)
			throws IOException {
		response.setStatus(status);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		// the output stream, not the writer: a buffering wrapper may already have opened the stream
		response.getOutputStream()
			.write(("{\"error\":\"" + jsonEscape(error) + "\",\"error_description\":\"" + jsonEscape(description) + "\"}")
				.getBytes(StandardCharsets.UTF_8));
	}

	private static String jsonEscape(String text) {
		StringBuilder out = new StringBuilder(text.length());
		for (char c : text.toCharArray()) {
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.toString();
	}

}
