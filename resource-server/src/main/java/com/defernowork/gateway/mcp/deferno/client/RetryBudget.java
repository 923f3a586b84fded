package com.defernowork.gateway.mcp.deferno.client;

import java.util.function.LongSupplier;

/**
 * How many reads this server may still retry, shared by all calls, in the manner of
 * Finagle's retry budget: every read puts a fifth of a retry in, ten more come in each
 * second whatever the traffic, at most twenty are saved up, and each retry takes one out.
 * A quiet server retries as before; when Deferno fails for everyone under load, retries
 * add at most a fifth (and ten a second) to what it is sent, instead of multiplying it by
 * {@code DEFERNO_READ_RETRIES + 1}. Spring's {@code RetryTemplate} retries each call on
 * its own and has no such shared bound.
 */
final class RetryBudget {

	/** Counted in thousandths of a retry, so that a read's fifth is exact. */
	private static final long RETRY = 1000;

	private static final long PER_READ = RETRY / 5;

	private static final long SAVED = 20 * RETRY;

	/** Ten retries a second: a thousandth every 100 µs. */
	private static final long NANOS_PER_THOUSANDTH = 100_000;

	private final LongSupplier nanoTime;

	private long thousandths = SAVED;

	private long refilledAt;

	RetryBudget() {
		this(System::nanoTime);
	}

	RetryBudget(LongSupplier nanoTime) {
		this.nanoTime = nanoTime;
		this.refilledAt = nanoTime.getAsLong();
	}

	/** A read's first attempt. */
	synchronized void read() {
		refill(PER_READ);
	}

	/** Whether a failed read may be sent again now; if so, its retry is taken out. */
	synchronized boolean tryRetry() {
		refill(0);
		if (this.thousandths < RETRY) {
			return false;
		}
		this.thousandths -= RETRY;
		return true;
	}

	private void refill(long deposit) {
		long earned = (this.nanoTime.getAsLong() - this.refilledAt) / NANOS_PER_THOUSANDTH;
		// the time not yet worth a thousandth is kept for the next refill
		this.refilledAt += earned * NANOS_PER_THOUSANDTH;
		this.thousandths = Math.min(SAVED, this.thousandths + earned + deposit);
	}

}
