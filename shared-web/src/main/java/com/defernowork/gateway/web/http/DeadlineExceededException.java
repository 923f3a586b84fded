package com.defernowork.gateway.web.http;

import java.io.InterruptedIOException;

/**
 * A request ended by its deadline ({@link ExchangeDeadline}): the time its caller had
 * left, or its own bound on the whole exchange. Says how far the exchange had come, so
 * the caller knows whether the request may have reached the server.
 */
public final class DeadlineExceededException extends InterruptedIOException {

	/** How far the exchange had come when its deadline ended it. */
	public enum Stage {

		/** Waiting for a pooled connection: nothing was sent. */
		WAITING_FOR_CONNECTION,

		/** Opening a connection (or its TLS session): nothing was sent. */
		CONNECTING,

		/**
		 * Sending the request or waiting for the answer's head: the server may have it.
		 */
		AWAITING_ANSWER,

		/** The answer's head had come, and its body had not ended. */
		READING_ANSWER;

		/** Whether the request may have reached the server. */
		public boolean mayHaveArrived() {
			return this == AWAITING_ANSWER || this == READING_ANSWER;
		}

	}

	private final Stage stage;

	private final boolean callersTime;

	DeadlineExceededException(Stage stage, boolean callersTime, Throwable cause) {
		super("the request reached its deadline (" + (callersTime ? "its caller's time" : "the read timeout") + ") at "
				+ stage);
		initCause(cause);
		this.stage = stage;
		this.callersTime = callersTime;
	}

	public Stage stage() {
		return this.stage;
	}

	/**
	 * Whether the caller's time left set the deadline, rather than the request's own
	 * bound (the read timeout).
	 */
	public boolean callersTime() {
		return this.callersTime;
	}

}
