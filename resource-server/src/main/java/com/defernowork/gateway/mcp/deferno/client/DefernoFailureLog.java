package com.defernowork.gateway.mcp.deferno.client;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;

import org.slf4j.Logger;

import org.springframework.http.HttpMethod;

import com.defernowork.gateway.mcp.logging.RateLimitedWarning;

/**
 * Deferno calls that failed, for the operator: one WARN per kind of failure at most every
 * {@link RateLimitedWarning#INTERVAL}, naming the method and the path's template (never
 * an id, a query or a token), what happened and Deferno's {@code X-Request-Id} when it
 * answered. The agent's tool result says what to do; this says what broke.
 */
final class DefernoFailureLog {

	/** What went wrong, each kind rate-limited on its own. */
	enum Kind {

		/** Every pooled connection stayed busy: this gateway's limit, not Deferno. */
		POOL_FULL,
		/** No connection could be opened: refused, timed out, unknown host, no route. */
		NOT_CONNECTED,
		/** Sent, and no answer came within the read timeout. */
		TIMEOUT,
		/** Sent, and the connection closed or broke before an answer. */
		CONNECTION_LOST,
		/** Deferno (or a proxy in front of it) answered with a server error. */
		SERVER_ERROR

	}

	private final Map<Kind, RateLimitedWarning> warnings = new EnumMap<>(Kind.class);

	DefernoFailureLog(Logger logger, Clock clock) {
		for (Kind kind : Kind.values()) {
			this.warnings.put(kind, new RateLimitedWarning(logger, clock));
		}
	}

	/**
	 * @param what what happened, in the operator's words
	 * @param requestId Deferno's {@code X-Request-Id}, or {@code null} when it did not
	 * answer
	 */
	void failed(Kind kind, HttpMethod method, PathTemplate path, String what, String requestId) {
		boolean write = method != HttpMethod.GET;
		String outcome = switch (kind) {
			case POOL_FULL, NOT_CONNECTED -> "; nothing was sent";
			case TIMEOUT, CONNECTION_LOST, SERVER_ERROR -> write ? "; whether the write was applied is unknown" : "";
		};
		this.warnings.get(kind)
			.warn("Deferno call " + method + " " + path.path() + " failed: " + what + outcome
					+ ((requestId != null) ? " (X-Request-Id " + requestId + ")" : ""));
	}

}
