package com.defernowork.gateway.mcp.catalog;

import java.time.Duration;

import com.defernowork.gateway.mcp.deferno.client.DefernoApiException;

/**
 * Told of every tool call once its outcome is known (metrics, audit, the person's
 * activity trail), on the thread that served it, so the caller's security context is at
 * hand. Must not throw, nor block for long.
 */
@FunctionalInterface
public interface ToolCallListener {

	/**
	 * @param reason for an error, what went wrong in the operator's terms
	 * ({@code invalid_arguments}, {@code deferno_timeout}, …); otherwise {@code null}
	 * @param answer the answer of Deferno's that caused an error (its status and
	 * {@code X-Request-Id}, which the operator asks Deferno's operators about);
	 * {@code null} when none did
	 */
	void toolCalled(String tool, Outcome outcome, String reason, DefernoApiException.Answer answer, Duration duration);

	/** A call no answer of Deferno's decided. */
	default void toolCalled(String tool, Outcome outcome, String reason, Duration duration) {
		toolCalled(tool, outcome, reason, null, duration);
	}

	/**
	 * How a call ended: a result, or an error result whose cause is the caller's to mend
	 * or a failure of Deferno's or this gateway's, which an error rate counts.
	 */
	enum Outcome {

		/** A result. */
		OK,
		/**
		 * An error result the caller can mend: its arguments, Deferno refusing what it
		 * asked (a 4xx other than 429: not found, invalid, conflict, a sign-in it no
		 * longer accepts), the person's own call limits, nothing to show for a read, a
		 * sign-in needed, or a call the client cancelled.
		 */
		CLIENT_ERROR,
		/**
		 * An error result that is a failure: Deferno answering 5xx or 429, timing out or
		 * unreachable, a write of unknown outcome, this gateway's pool full, no Deferno
		 * token to be had, or an unexpected error here.
		 */
		ERROR,
		/** Refused before it ran: the token lacks the tool's scope. */
		DENIED;

		public String value() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

}
