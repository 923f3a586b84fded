package com.defernowork.gateway.auth.activity;

import java.util.Set;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * One tool call as the resource server reports it.
 *
 * @param user the person's id (the token's subject)
 * @param client the OAuth client id that made the call
 * @param tool the tool's name
 * @param outcome {@code ok}, {@code error} or {@code denied}
 * @param durationMs how long the call took at the resource server
 */
record ReportedCall(String user, String client, String tool, String outcome, long durationMs) {

	private static final Pattern TOOL = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

	private static final Set<String> OUTCOMES = Set.of("ok", "error", "denied");

	private static final int MAX_ID = 2048;

	/** The call a JSON object describes, or {@code null} when it is not a valid one. */
	static ReportedCall of(JsonNode call) {
		if (call == null || !call.isObject()) {
			return null;
		}
		String user = text(call.get("user"));
		String client = text(call.get("client"));
		String tool = text(call.get("tool"));
		String outcome = text(call.get("outcome"));
		JsonNode duration = call.get("duration_ms");
		// a number beyond a long's range counts as no duration, as any other non-number
		long durationMs = (duration != null && duration.isNumber() && duration.canConvertToLong())
				? Math.max(0, duration.asLong()) : 0;
		if (user == null || client == null || tool == null || !TOOL.matcher(tool).matches()
				|| !OUTCOMES.contains(outcome)) {
			return null;
		}
		return new ReportedCall(user, client, tool, outcome, durationMs);
	}

	private static String text(JsonNode value) {
		if (value == null || !value.isString()) {
			return null;
		}
		String text = value.asString();
		return (!text.isBlank() && text.length() <= MAX_ID) ? text : null;
	}

}
