package com.defernowork.gateway.auth.activity;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.defernowork.gateway.auth.web.BoundedBody;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /internal/activity}: the resource server, authenticated as its own client
 * ({@link ActivitySecurityConfig}), reports tool calls for the people's trails: one call
 * as a JSON object, or several (oldest first) as an array of them, which is how it sends
 * them under load. A report with one invalid call is refused whole. Not routed by the
 * proxy. The body is read here, with a cap, so that every refusal is in OAuth's error
 * shape.
 */
@RestController
class ActivityController {

	static final String PATH = "/internal/activity";

	/** Calls in one report at most (the resource server sends up to 500). */
	static final int MAX_CALLS = 1000;

	/**
	 * Room for the resource server's reports (up to 500 calls) with ids of the longest
	 * accepted length.
	 */
	static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

	private static final String REQUIRED = "user, client, tool and outcome (ok, error or denied) are required";

	private final ActivityTrail trail;

	private final JsonMapper json;

	ActivityController(ActivityTrail trail, JsonMapper json) {
		this.trail = trail;
		this.json = json;
	}

	@PostMapping(PATH)
	ResponseEntity<Map<String, String>> report(HttpServletRequest request) throws IOException {
		if (!BoundedBody.isJson(request)) {
			return error(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "a report is sent as application/json");
		}
		Optional<byte[]> body = BoundedBody.read(request, MAX_BODY_BYTES);
		if (body.isEmpty()) {
			return error(HttpStatus.CONTENT_TOO_LARGE, "a report is at most " + MAX_BODY_BYTES + " bytes");
		}
		JsonNode report;
		try {
			report = this.json.readTree(body.get());
		}
		catch (JacksonException ex) {
			return error(HttpStatus.BAD_REQUEST, "the report is not JSON");
		}
		boolean one = report.isObject();
		if (!one && (!report.isArray() || report.isEmpty() || report.size() > MAX_CALLS)) {
			return error(HttpStatus.BAD_REQUEST,
					"a report is one call (a JSON object) or an array of 1 to " + MAX_CALLS + " calls");
		}
		List<ReportedCall> calls = new ArrayList<>();
		for (JsonNode each : one ? List.of(report) : report) {
			ReportedCall call = ReportedCall.of(each);
			if (call == null) {
				return error(HttpStatus.BAD_REQUEST, one ? REQUIRED : "call " + calls.size() + ": " + REQUIRED);
			}
			calls.add(call);
		}
		this.trail.record(calls);
		return ResponseEntity.noContent().build();
	}

	private static ResponseEntity<Map<String, String>> error(HttpStatusCode status, String description) {
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("error", "invalid_request", "error_description", description));
	}

}
