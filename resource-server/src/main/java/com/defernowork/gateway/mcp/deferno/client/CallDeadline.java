package com.defernowork.gateway.mcp.deferno.client;

import java.time.Duration;
import java.util.function.Supplier;

import io.micrometer.context.ContextRegistry;

/**
 * The time a tool call may still spend on Deferno, for every Deferno call it makes on its
 * thread: each ends by the end of what is left, whatever Deferno does (connecting,
 * sending, its answer's head and body), and none starts once nothing is
 * ({@link DefernoClient}). Without it a tool chaining a few calls of up to
 * {@code deferno.read-timeout} each, retried reads included, could hold an agent for
 * minutes, past the point where MCP clients give up on a request and leave the agent
 * without knowing what was applied.
 */
public final class CallDeadline {

	private static final ThreadLocal<Long> END = new ThreadLocal<>();

	private CallDeadline() {
	}

	/** Runs {@code work} with {@code budget} for its Deferno calls. */
	public static <T> T within(Duration budget, Supplier<T> work) {
		Long outer = END.get();
		long end = System.nanoTime() + budget.toNanos();
		// a nested budget cannot extend the one it runs in
		END.set((outer != null && outer - end < 0) ? outer : end);
		try {
			return work.get();
		}
		finally {
			if (outer != null) {
				END.set(outer);
			}
			else {
				END.remove();
			}
		}
	}

	/**
	 * The current budget's end carried to a thread that works for the same tool call
	 * ({@link FewAtOnce}).
	 */
	static void carriedBy(ContextRegistry registry) {
		registry.registerThreadLocalAccessor("deferno.call-deadline", END);
	}

	/** What is left of the current budget; null when none is set. */
	public static Duration remaining() {
		Long end = END.get();
		return (end != null) ? Duration.ofNanos(Math.max(0, end - System.nanoTime())) : null;
	}

}
