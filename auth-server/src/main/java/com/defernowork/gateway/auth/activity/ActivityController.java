package com.defernowork.gateway.auth.activity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /internal/activity}: the resource server, authenticated as its own client
 * ({@link ActivitySecurityConfig}), reports tool calls for the people's trails: one call
 * as a JSON object, or several (oldest first) as an array of them, which is how it sends
 * them under load. A report with one invalid call is refused whole. Not routed by the
 * proxy.
 */
@RestController
class ActivityController {

	static final String PATH = "/internal/activity";

	/** Calls in one report at most (the resource server sends up to 500). */
	static final int MAX_CALLS = 1000;

	private static final String REQUIRED = "user, client, tool and outcome (ok, error or denied) are required";

	private final ActivityTrail trail;

	ActivityController(ActivityTrail trail) {
		this.trail = trail;
	}

	@PostMapping(PATH)
	ResponseEntity<Map<String, String>> report(@RequestBody JsonNode report) {
		boolean one = report.isObject();
		if (!one && (!report.isArray() || report.isEmpty() || report.size() > MAX_CALLS)) {
			return invalid("a report is one call (a JSON object) or an array of 1 to " + MAX_CALLS + " calls");
		}
		List<ReportedCall> calls = new ArrayList<>();
		for (JsonNode each : one ? List.of(report) : report) {
			ReportedCall call = ReportedCall.of(each);
			if (call == null) {
				return invalid(one ? REQUIRED : "call " + calls.size() + ": " + REQUIRED);
			}
			calls.add(call);
		}
		this.trail.record(calls);
		return ResponseEntity.noContent().build();
	}

	private static ResponseEntity<Map<String, String>> invalid(String description) {
		return ResponseEntity.badRequest().body(Map.of("error", "invalid_request", "error_description", description));
	}

}
