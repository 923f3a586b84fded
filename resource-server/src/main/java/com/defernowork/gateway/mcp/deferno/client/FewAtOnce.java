package com.defernowork.gateway.mcp.deferno.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.ObjIntConsumer;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;

import org.springframework.web.context.request.RequestContextHolder;

import com.defernowork.gateway.mcp.security.CallingPerson;
import com.defernowork.gateway.mcp.trace.TraceContext;

/**
 * Work on each of a tool call's inputs, a few at once: the call's own thread and up to
 * {@link #WIDTH}{@code - 1} lanes on virtual threads, each lane granted by the person's
 * share ({@link PersonLanes}), given back before the next input when the share asks (the
 * call's own thread takes what is left), and taking over what the call's Deferno requests
 * need from its thread (the sign-in, the Deferno token, the call's time and cancellation,
 * the trace, the observation, the request a refused sign-in is signalled on). Inputs are
 * taken in order; outcomes are handed over in order, each failure where the work would
 * have met it one after the other: the first input that failed (or that {@code inOrder}
 * refused) decides, whatever finished first. Once one failed no further input is started,
 * and the call returns only when its lanes have ended (interrupted, once it has
 * interrupted them).
 */
final class FewAtOnce {

	/** The most requests of one call under way at once. */
	static final int WIDTH = 4;

	/** The Deferno token a call's lanes share, resolved once on the call's thread. */
	private static final ThreadLocal<String> LENT_TOKEN = new ThreadLocal<>();

	private final ExecutorService threads = Executors
		.newThreadPerTaskExecutor(Thread.ofVirtual().name("deferno-lane-", 0).factory());

	private final ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder()
		.contextRegistry(registry())
		.build();

	private final PersonLanes lanes;

	FewAtOnce(PersonLanes lanes) {
		this.lanes = lanes;
	}

	/** The token lent to this thread by the call it works for, or null. */
	static String lentToken() {
		return LENT_TOKEN.get();
	}

	<T, R> List<R> each(String token, List<T> inputs, Function<? super T, ? extends R> work,
			ObjIntConsumer<? super R> inOrder) {
		Inputs<T, R> pending = new Inputs<>(inputs, work);
		List<Future<?>> started = new ArrayList<>();
		String outer = LENT_TOKEN.get();
		LENT_TOKEN.set(token);
		try {
			startLanes(pending, started);
			// with lanes, the call's thread holds no answer past the input that read it:
			// a lane must never wait for room for an answer its own call holds
			boolean laned = !started.isEmpty();
			List<R> results = new ArrayList<>(inputs.size());
			for (int i = 0; i < inputs.size(); i++) {
				R result = pending.await(i, laned);
				inOrder.accept(result, i);
				results.add(result);
			}
			return results;
		}
		finally {
			pending.stop();
			awaitAll(started);
			if (outer != null) {
				LENT_TOKEN.set(outer);
			}
			else {
				LENT_TOKEN.remove();
			}
		}
	}

	private void startLanes(Inputs<?, ?> pending, List<Future<?>> started) {
		int wanted = Math.min(WIDTH, pending.size()) - 1;
		if (wanted <= 0) {
			return;
		}
		// the lanes must never wait for room for an answer this call holds
		HeldAnswers.releaseHeld();
		ContextSnapshot snapshot = this.snapshots.captureAll();
		String person = CallingPerson.name();
		for (int i = 0; i < wanted; i++) {
			Runnable leave = this.lanes.extraLane(person);
			if (leave == null) {
				return;
			}
			try {
				started.add(this.threads.submit(() -> {
					boolean shed = false;
					try (ContextSnapshot.Scope scope = snapshot.setThreadLocals()) {
						shed = pending.work(() -> this.lanes.shedLane(person));
					}
					finally {
						if (!shed) {
							leave.run();
						}
					}
				}));
			}
			catch (RuntimeException ex) {
				leave.run();
				throw ex;
			}
		}
	}

	/**
	 * Every lane ended; a call whose thread is interrupted stops waiting and interrupts
	 * its lanes, which must not go on with the call's request once it has returned.
	 */
	private static void awaitAll(List<Future<?>> started) {
		for (Future<?> lane : started) {
			try {
				lane.get();
			}
			catch (InterruptedException ex) {
				started.forEach((each) -> each.cancel(true));
				Thread.currentThread().interrupt();
				return;
			}
			catch (ExecutionException ex) {
				// a lane keeps its failures with the inputs
			}
		}
	}

	/**
	 * The context the lanes take over: every accessor of the application's registry (the
	 * sign-in, the observation) plus this server's own.
	 */
	private static ContextRegistry registry() {
		ContextRegistry registry = new ContextRegistry();
		ContextRegistry global = ContextRegistry.getInstance();
		global.getContextAccessors().forEach(registry::registerContextAccessor);
		global.getThreadLocalAccessors().forEach(registry::registerThreadLocalAccessor);
		registry.registerThreadLocalAccessor("deferno.lent-token", LENT_TOKEN);
		CallDeadline.carriedBy(registry);
		CallCancellation.carriedBy(registry);
		TraceContext.carriedBy(registry);
		// where a refused sign-in is signalled for the answer (ReauthenticationSignal)
		registry.registerThreadLocalAccessor("deferno.request-attributes", RequestContextHolder::getRequestAttributes,
				RequestContextHolder::setRequestAttributes, RequestContextHolder::resetRequestAttributes);
		return registry;
	}

	/** The inputs, taken in order by whichever thread is free, each outcome kept. */
	private static final class Inputs<T, R> {

		private final List<T> inputs;

		private final Function<? super T, ? extends R> work;

		private final List<CompletableFuture<R>> outcomes = new ArrayList<>();

		private final AtomicInteger next = new AtomicInteger();

		private volatile boolean stopped;

		Inputs(List<T> inputs, Function<? super T, ? extends R> work) {
			this.inputs = inputs;
			this.work = work;
			inputs.forEach((input) -> this.outcomes.add(new CompletableFuture<>()));
		}

		int size() {
			return this.inputs.size();
		}

		/**
		 * A lane: inputs until none is left or one failed, or until {@code shed} gives
		 * the lane's room back before the next one (true then).
		 */
		boolean work(BooleanSupplier shed) {
			while (!this.stopped && this.next.get() < this.inputs.size()) {
				if (shed.getAsBoolean()) {
					return true;
				}
				if (!runNext()) {
					break;
				}
			}
			return false;
		}

		/** No further input is started. */
		void stop() {
			this.stopped = true;
		}

		/**
		 * The outcome of input {@code i}; the calling thread works on the inputs no one
		 * has taken while it waits, giving back the answer it holds after each one when
		 * {@code laned}.
		 */
		R await(int i, boolean laned) {
			CompletableFuture<R> outcome = this.outcomes.get(i);
			while (!outcome.isDone() && runNext()) {
				if (laned) {
					HeldAnswers.releaseHeld();
				}
			}
			return Joined.join(outcome);
		}

		private boolean runNext() {
			if (this.stopped) {
				return false;
			}
			int i = this.next.getAndIncrement();
			if (i >= this.inputs.size()) {
				return false;
			}
			try {
				this.outcomes.get(i).complete(this.work.apply(this.inputs.get(i)));
			}
			catch (RuntimeException | Error ex) {
				// an earlier input may still fail too, and decide
				this.stopped = true;
				this.outcomes.get(i).completeExceptionally(ex);
			}
			return true;
		}

	}

}
