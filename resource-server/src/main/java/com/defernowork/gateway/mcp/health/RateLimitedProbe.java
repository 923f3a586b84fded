package com.defernowork.gateway.mcp.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.defernowork.gateway.mcp.security.AuthServerAnswers;
import com.defernowork.gateway.mcp.security.AuthServerAnswers.Observation;

/**
 * The latest word from the authorization server, asking it only when nothing newer than
 * the interval is known: real calls keep the answer fresh, and however often health is
 * read the probe runs at most once per interval, one at a time. A reader waits for the
 * probe only briefly, so a hung authorization server cannot make health reads time out.
 */
final class RateLimitedProbe {

	private final Runnable probe;

	private final AuthServerAnswers answers;

	private final Duration interval;

	private final Duration wait;

	private final Executor executor;

	private final Clock clock;

	private Instant lastStart;

	private CompletableFuture<Void> running;

	RateLimitedProbe(Runnable probe, AuthServerAnswers answers, Duration interval, Duration wait, Executor executor,
			Clock clock) {
		this.probe = probe;
		this.answers = answers;
		this.interval = interval;
		this.wait = wait;
		this.executor = executor;
		this.clock = clock;
	}

	/** The latest observation, or {@code null} while there is none. */
	Observation latest() {
		Instant now = this.clock.instant();
		Observation last = this.answers.last();
		if (last != null && now.isBefore(last.at().plus(this.interval))) {
			return last;
		}
		CompletableFuture<Void> probing = start(now);
		if (probing != null) {
			await(probing);
		}
		return this.answers.last();
	}

	private synchronized CompletableFuture<Void> start(Instant now) {
		if (this.running != null && !this.running.isDone()) {
			return this.running;
		}
		if (this.lastStart != null && now.isBefore(this.lastStart.plus(this.interval))) {
			return null;
		}
		this.lastStart = now;
		this.running = CompletableFuture.runAsync(this.probe, this.executor);
		return this.running;
	}

	private void await(CompletableFuture<Void> probing) {
		try {
			probing.get(this.wait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException | ExecutionException ex) {
			// the last observation stands; a late answer is recorded when it comes
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
