package com.defernowork.gateway.mcp.server;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletResponse;

import com.defernowork.gateway.web.ProtectiveHeaders;

/** An answer on {@code /mcp} as a server-sent event stream. */
final class EventStream {

	private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\r|\n");

	private EventStream() {
	}

	/** The stream's status and headers, before its first event. */
	static void begin(HttpServletResponse response) {
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType("text/event-stream");
		response.setCharacterEncoding("UTF-8");
		// Spring Security, which would add these, writes them only as an answer begins,
		// and a stream may begin after its request's filters have run
		ProtectiveHeaders.setOn(response);
		response.setHeader("Cache-Control", "no-store, no-transform");
		// a proxy must pass each event on at once (nginx buffers otherwise)
		response.setHeader("X-Accel-Buffering", "no");
	}

	/**
	 * A JSON-RPC message as one {@code message} event: a data line ends at a line break
	 * (CR, LF or both), so a pretty-printed message takes several.
	 */
	static byte[] message(String json) {
		return ("event: message\ndata: " + LINE_BREAK.matcher(json).replaceAll("\ndata: ") + "\n\n")
			.getBytes(StandardCharsets.UTF_8);
	}

}
