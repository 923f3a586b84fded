package com.defernowork.gateway.mcp.deferno.client;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many reads this server may still retry, shared by all calls, in the manner of
 * gRPC's retry throttling: each failed attempt takes a token, each answered read gives a
 * tenth of one back, and retries are sent only while more than half the tokens are left.
 * When Deferno fails for everyone, retries stop after a few failures instead of
 * multiplying the load on it by {@code DEFERNO_READ_RETRIES + 1}; once it answers again
 * they come back. Spring's {@code RetryTemplate} retries each call on its own and has no
 * such shared bound.
 */
final class RetryBudget {

	/** Tokens are counted in tenths, so that an answer's tenth is a whole step. */
	private static final int TENTHS = 10;

	private final int max;

	private final AtomicInteger tenths;

	/**
	 * @param tokens the tokens when full: the failures in a row before retries stop,
	 * twice over
	 */
	RetryBudget(int tokens) {
		this.max = tokens * TENTHS;
		this.tenths = new AtomicInteger(this.max);
	}

	/** Whether a failed read may be sent again now. */
	boolean allowsRetry() {
		return this.tenths.get() > this.max / 2;
	}

	void failed() {
		this.tenths.updateAndGet((left) -> Math.max(0, left - TENTHS));
	}

	void answered() {
		if (this.tenths.get() < this.max) {
			this.tenths.updateAndGet((left) -> Math.min(this.max, left + 1));
		}
	}

}
