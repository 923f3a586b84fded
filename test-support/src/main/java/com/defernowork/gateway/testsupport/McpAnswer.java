package com.defernowork.gateway.testsupport;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON-RPC message of an answer to an MCP POST, as a client that accepts both kinds
 * reads it: the JSON body, or the data of the one {@code message} event of an answer that
 * became an event stream (a 2026-07-28 answer slower than a second does).
 */
public final class McpAnswer {

	private McpAnswer() {
	}

	public static String json(HttpResponse<String> response) {
		if (!response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
			return response.body();
		}
		List<String> messages = messages(response.body());
		return messages.isEmpty() ? "" : messages.getLast();
	}

	/** The data of each {@code message} event of an event stream, in order. */
	public static List<String> messages(String stream) {
		List<String> messages = new ArrayList<>();
		for (String event : stream.replace("\r\n", "\n").split("\n\n")) {
			List<String> data = new ArrayList<>();
			boolean other = false;
			for (String line : event.split("\n")) {
				if (line.startsWith("data:")) {
					data.add(line.substring(line.startsWith("data: ") ? 6 : 5));
				}
				else if (line.startsWith("event:") && !line.substring(6).strip().equals("message")) {
					other = true;
				}
			}
			if (!data.isEmpty() && !other) {
				messages.add(String.join("\n", data));
			}
		}
		return messages;
	}

}
