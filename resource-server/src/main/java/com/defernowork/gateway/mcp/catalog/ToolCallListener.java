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
	 */
	void toolCalled(String tool, Outcome outcome, String reason, Duration duration);

	/**
	 * The same, naming the answer of Deferno's that caused an error, which the operator
	 * asks Deferno's operators about; by default told as any call.
	 * @param answer its status and {@code X-Request-Id}; {@code null} when no answer of
	 * Deferno's caused the call's outcome
	 */
	default void toolCalled(String tool, Outcome outcome, String reason, DefernoApiException.Answer answer,
			Duration duration) {
		toolCalled(tool, outcome, reason, duration);
	}

	/** How a call ended. */
	enum Outcome {

		/** A result. */
		OK,
		/** An error result ({@code isError: true}). */
		ERROR,
		/** Refused before it ran: the token lacks the tool's scope. */
		DENIED;

		public String value() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

}
