package com.defernowork.gateway.mcp.observe;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;

import com.defernowork.gateway.mcp.catalog.ToolCallListener;
import com.defernowork.gateway.mcp.deferno.client.CallCancellation;
import com.defernowork.gateway.mcp.deferno.client.DefernoApiException;

/**
 * Every tool call, three ways: the timer {@code gateway.mcp.tool.calls} (tagged by tool
 * and {@link Outcome} only, as a Prometheus histogram whose range and service-level
 * boundaries {@code application.yml} sets), one JSON line on the {@code audit} logger
 * (tool, person, client, outcome, for an error its reason and the status and request id
 * of the answer of Deferno's that caused it, duration) and a report to the person's
 * activity trail at the authorization server.
 */
final class ToolCallRecorder implements ToolCallListener {

	private static final Logger audit = LoggerFactory.getLogger("audit");

	private final MeterRegistry registry;

	private final JsonMapper json;

	private final ActivityReporter activity;

	ToolCallRecorder(MeterRegistry registry, JsonMapper json, ActivityReporter activity) {
		this.registry = registry;
		this.json = json;
		this.activity = activity;
	}

	@Override
	public void toolCalled(String tool, Outcome outcome, String reason, DefernoApiException.Answer answer,
			Duration duration) {
		Timer.builder("gateway.mcp.tool.calls")
			.description("MCP tools/call handled, by tool and outcome (ok; client_error, an error result the caller "
					+ "can mend; error, a failure of Deferno's or the gateway's; denied for want of scope)")
			.tag("tool", tool)
			.tag("outcome", outcome.value())
			.publishPercentileHistogram()
			.register(this.registry)
			.record(duration);
		Caller caller = Caller.current();
		if (audit.isInfoEnabled()) {
			Map<String, Object> line = new LinkedHashMap<>();
			line.put("event", "tool.called");
			line.put("user", caller.user());
			line.put("client", caller.client());
			line.put("tool", tool);
			line.put("outcome", outcome.value());
			if (reason != null) {
				line.put("reason", reason);
			}
			if (answer != null) {
				// which answer of Deferno's, to tell a 404 from a 503 and to ask
				// Deferno's
				// operators about (its warning is logged once per interval only)
				line.put("deferno_status", answer.status());
				if (answer.requestId() != null) {
					line.put("deferno_request_id", answer.requestId());
				}
			}
			line.put("duration_ms", duration.toMillis());
			if (CallCancellation.askedHere()) {
				// the client closed the answer's stream: what the call did, it never read
				line.put("client_gone", true);
			}
			audit.info(this.json.writeValueAsString(line));
		}
		if (caller.user() != null && caller.client() != null) {
			// the person's page says "failed" for either error (and auth servers take ok,
			// error and denied)
			this.activity.report(caller.user(), caller.client(), tool,
					((outcome == Outcome.CLIENT_ERROR) ? Outcome.ERROR : outcome).value(), duration.toMillis());
		}
	}

	/**
	 * Who called: the token's subject and client, as introspection or the JWT states
	 * them.
	 */
	record Caller(String user, String client) {

		static Caller current() {
			Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
			if (!(authentication instanceof AbstractOAuth2TokenAuthenticationToken<?> token)) {
				return new Caller(null, null);
			}
			Map<String, Object> attributes = token.getTokenAttributes();
			return new Caller(text(attributes.get("sub")), text(attributes.get("client_id")));
		}

		private static String text(Object value) {
			return (value != null) ? value.toString() : null;
		}

	}

}
