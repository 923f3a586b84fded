package com.defernowork.gateway.mcp.deferno.client;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;

import org.slf4j.Logger;

import org.springframework.http.HttpMethod;

import com.defernowork.gateway.web.logging.RateLimitedWarning;

/**
 * Deferno calls that failed, for the operator: one WARN per kind of failure at most every
 * {@link RateLimitedWarning#INTERVAL}, naming the method and the path's template (never
 * an id, a query or a token), what happened and Deferno's {@code X-Request-Id} when it
 * answered. Only a call's last attempt can fail it: a read whose retry got an answer
 * writes a DEBUG line, since each attempt is already counted by
 * {@code http.client.requests} and a WARN would send the operator after a failure no one
 * saw. The agent's tool result says what to do; this says what broke.
 */
final class DefernoFailureLog {

	/** What went wrong, each kind rate-limited on its own. */
	enum Kind {

		/** Every pooled connection stayed busy: this gateway's limit, not Deferno. */
		POOL_FULL,
		/**
		 * No connection could be opened: refused, timed out (or out of the tool call's
		 * time), unknown host, no route.
		 */
		NOT_CONNECTED,
		/**
		 * Sent, and its answer did not come, or did not end, within the read timeout or
		 * what was left of the tool call's time.
		 */
		TIMEOUT,
		/** Sent, and the connection closed or broke before an answer. */
		CONNECTION_LOST,
		/** Deferno (or a proxy in front of it) answered with a server error. */
		SERVER_ERROR,
		/** Not sent: the tool call had used up its time on earlier slow answers. */
		OUT_OF_TIME,
		/**
		 * Answered, and this gateway had no room to read the answer in time: its limit,
		 * not Deferno.
		 */
		NO_ROOM

	}

	private final Logger logger;

	private final Map<Kind, RateLimitedWarning> warnings = new EnumMap<>(Kind.class);

	private final DefernoAnswers answers;

	DefernoFailureLog(Logger logger, Clock clock, DefernoAnswers answers) {
		this.logger = logger;
		this.answers = answers;
		for (Kind kind : Kind.values()) {
			this.warnings.put(kind, new RateLimitedWarning(logger, clock));
		}
	}

	/**
	 * The attempts of one call, reported by {@link Attempts#ended()}; the path's template
	 * is worked out only for a line.
	 */
	Attempts attempts(HttpMethod method, String path) {
		return new Attempts(method, path);
	}

	/** One call's attempts, on the thread making them. */
	final class Attempts {

		private final HttpMethod method;

		private final String path;

		private int made;

		/** What the latest attempt failed with, {@code null} if it did not. */
		private String failure;

		private Kind kind;

		/** The failures of earlier attempts, for the DEBUG line. */
		private final StringBuilder earlier = new StringBuilder();

		private Attempts(HttpMethod method, String path) {
			this.method = method;
			this.path = path;
		}

		/**
		 * Another attempt goes out: the one before it, if it failed, was not the last.
		 */
		void next() {
			if (this.failure != null) {
				this.earlier.append((this.earlier.isEmpty()) ? "" : "; ").append(this.failure);
				this.failure = null;
			}
			this.made++;
		}

		/**
		 * @param what what happened, in the operator's words
		 * @param requestId Deferno's {@code X-Request-Id}, or {@code null} when it did
		 * not answer
		 */
		void failed(Kind kind, String what, String requestId) {
			boolean write = this.method != HttpMethod.GET;
			String outcome = switch (kind) {
				case POOL_FULL, NOT_CONNECTED, OUT_OF_TIME -> "; nothing was sent";
				case TIMEOUT, CONNECTION_LOST, SERVER_ERROR ->
					write ? "; whether the write was applied is unknown" : "";
				case NO_ROOM -> write ? "; the write was applied" : "";
			};
			if (kind == Kind.NOT_CONNECTED || kind == Kind.TIMEOUT || kind == Kind.CONNECTION_LOST) {
				DefernoFailureLog.this.answers.unanswered(this.method, this.path, what + outcome);
			}
			this.kind = kind;
			this.failure = what + outcome + ((requestId != null) ? " (X-Request-Id " + requestId + ")" : "");
		}

		/**
		 * The call is over: a WARN if its last attempt failed, else a DEBUG line if an
		 * earlier one did.
		 */
		void ended() {
			if (this.failure == null && this.earlier.isEmpty()) {
				return;
			}
			String call = "Deferno call " + this.method + " " + PathTemplate.of(this.path).path();
			if (this.failure != null) {
				DefernoFailureLog.this.warnings.get(this.kind)
					.warn(call + " failed: " + this.failure
							+ ((this.made > 1) ? "; tried " + this.made + " times" : ""));
			}
			else if (!this.earlier.isEmpty()) {
				DefernoFailureLog.this.logger.debug("{} answered at attempt {} after: {}", call, this.made,
						this.earlier);
			}
		}

	}

}
