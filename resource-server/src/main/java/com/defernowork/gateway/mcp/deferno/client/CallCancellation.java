package com.defernowork.gateway.mcp.deferno.client;

import io.micrometer.context.ContextRegistry;

/**
 * A request's cancellation, seen by the Deferno calls made on the thread serving it: once
 * it is asked for (from any thread), {@link DefernoClient} sends none of the request's
 * further calls. A call already under way ends as it would, so a write is never cut off
 * halfway and its outcome stays known to Deferno; a tool chaining a read and a write
 * stops before the write.
 */
public final class CallCancellation {

	private static final ThreadLocal<CallCancellation> CURRENT = new ThreadLocal<>();

	private volatile boolean asked;

	/** Asks for the cancellation: no further Deferno call of the request is sent. */
	public void ask() {
		this.asked = true;
	}

	public boolean isAsked() {
		return this.asked;
	}

	/**
	 * Binds this cancellation to the current thread until the returned scope is closed.
	 */
	public Scope bind() {
		CallCancellation outer = CURRENT.get();
		CURRENT.set(this);
		return () -> {
			if (outer != null) {
				CURRENT.set(outer);
			}
			else {
				CURRENT.remove();
			}
		};
	}

	/** The cancellation bound to this thread, or null. */
	static CallCancellation current() {
		return CURRENT.get();
	}

	/**
	 * The cancellation bound to this thread carried to a thread that works for the same
	 * request ({@link FewAtOnce}).
	 */
	static void carriedBy(ContextRegistry registry) {
		registry.registerThreadLocalAccessor("deferno.call-cancellation", CURRENT);
	}

	/** Whether the request served on this thread has been cancelled. */
	public static boolean askedHere() {
		CallCancellation current = CURRENT.get();
		return current != null && current.asked;
	}

	/** A binding to a thread; closing it takes the binding back. */
	@FunctionalInterface
	public interface Scope extends AutoCloseable {

		@Override
		void close();

	}

}
