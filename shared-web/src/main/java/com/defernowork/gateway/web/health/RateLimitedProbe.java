package com.defernowork.gateway.web.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The latest word from a service a health component watches, asking it only when nothing
 * newer than the interval is known: real calls may keep the answer fresh, and however
 * often health is read the probe runs at most once per interval, one at a time. A reader
 * waits for the probe only briefly, so a hung service cannot make health reads time out.
 *
 * @param <T> what an answer is, as {@code last} gives it
 */
public final class RateLimitedProbe<T> {

	/**
	 * How long a health read waits for the probe: well within an orchestrator's probe
	 * timeout (Kubernetes: 1 s by default), so a slow service never fails health by a
	 * timeout.
	 */
	private static final Duration READ_WAIT = Duration.ofMillis(500);

	private final Runnable probe;

	private final Supplier<T> last;

	private final Function<T, Instant> answeredAt;

	private final Duration interval;

	private final Duration wait;

	private final Executor executor;

	private final Clock clock;

	private Instant lastStart;

	private CompletableFuture<Void> running;

	/**
	 * @param probe asks, and records its answer where {@code last} finds it
	 * @param last the latest answer, or {@code null} while there is none
	 * @param answeredAt when an answer was given
	 */
	public RateLimitedProbe(Runnable probe, Supplier<T> last, Function<T, Instant> answeredAt, Duration interval,
			Duration wait, Executor executor, Clock clock) {
		this.probe = probe;
		this.last = last;
		this.answeredAt = answeredAt;
		this.interval = interval;
		this.wait = wait;
		this.executor = executor;
		this.clock = clock;
	}

	/**
	 * A probe that runs on a virtual thread named for thread dumps, by the system clock,
	 * and that a health read waits for at most {@link #READ_WAIT}.
	 */
	public static <T> RateLimitedProbe<T> onVirtualThread(String threadName, Runnable probe, Supplier<T> last,
			Function<T, Instant> answeredAt, Duration interval) {
		return new RateLimitedProbe<>(probe, last, answeredAt, interval, READ_WAIT,
				Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(threadName).factory()), Clock.systemUTC());
	}

	/** The latest answer, or {@code null} while there is none. */
	public T latest() {
		Instant now = this.clock.instant();
		T last = this.last.get();
		if (last != null && now.isBefore(this.answeredAt.apply(last).plus(this.interval))) {
			return last;
		}
		CompletableFuture<Void> probing = start(now);
		if (probing != null) {
			await(probing);
		}
		return this.last.get();
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
