package com.defernowork.gateway.auth.activity;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /internal/activity}: the resource server, authenticated as its own client
 * ({@link ActivitySecurityConfig}), reports a tool call for the person's trail. Not
 * routed by the proxy.
 */
@RestController
class ActivityController {

	static final String PATH = "/internal/activity";

	private static final Pattern TOOL = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

	private static final Set<String> OUTCOMES = Set.of("ok", "error", "denied");

	private static final int MAX_ID = 2048;

	private final ActivityTrail trail;

	ActivityController(ActivityTrail trail) {
		this.trail = trail;
	}

	@PostMapping(PATH)
	ResponseEntity<Map<String, String>> report(@RequestBody Map<String, Object> call) {
		String user = text(call.get("user"));
		String client = text(call.get("client"));
		String tool = text(call.get("tool"));
		String outcome = text(call.get("outcome"));
		long duration = (call.get("duration_ms") instanceof Number ms) ? Math.max(0, ms.longValue()) : 0;
		if (user == null || client == null || tool == null || !TOOL.matcher(tool).matches()
				|| !OUTCOMES.contains(outcome)) {
			return ResponseEntity.badRequest()
				.body(Map.of("error", "invalid_request", "error_description",
						"user, client, tool and outcome (ok, error or denied) are required"));
		}
		this.trail.record(user, client, tool, outcome, duration);
		return ResponseEntity.noContent().build();
	}

	private static String text(Object value) {
		return (value instanceof String text && !text.isBlank() && text.length() <= MAX_ID) ? text : null;
	}

}
