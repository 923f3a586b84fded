package com.defernowork.gateway.mcp.deferno.client;

import java.util.function.Supplier;

/**
 * Keeps the largest of the answers a tool call read from Deferno counted in the answers'
 * budget until its result is built: an answer takes several times its size once parsed,
 * projected and written as a result, so releasing it once parsed let two or three of the
 * largest answers be turned into results at once and run an 80 MB heap out of memory.
 * Only the largest: a call that resolves many refs reads many small answers it keeps
 * nothing of, and holding them all would take the budget from everyone else's reads.
 * Outside a tool call an answer is released once parsed.
 */
public final class HeldAnswers {

	private static final ThreadLocal<Held> HELD = new ThreadLocal<>();

	private HeldAnswers() {
	}

	/**
	 * Runs {@code work} holding the largest answer read on this thread until it returns;
	 * within another such run, as part of it.
	 */
	public static <T> T until(Supplier<T> work) {
		if (HELD.get() != null) {
			return work.get();
		}
		Held held = new Held();
		HELD.set(held);
		try {
			return work.get();
		}
		finally {
			HELD.remove();
			held.giveBack();
		}
	}

	/**
	 * Gives back an answer's bytes when what holds them ends if it is the largest so far
	 * (the one held before now), else now; now outside any.
	 */
	static void release(int bytes, Runnable release) {
		Held held = HELD.get();
		if (held == null || bytes <= held.bytes) {
			release.run();
			return;
		}
		held.giveBack();
		held.bytes = bytes;
		held.release = release;
	}

	/**
	 * Gives back what this thread holds, before it waits for room for another answer: a
	 * call must never wait for bytes it holds itself. Its earlier answer goes uncounted
	 * from here, as every answer once went once parsed.
	 */
	static void releaseHeld() {
		Held held = HELD.get();
		if (held != null) {
			held.giveBack();
		}
	}

	private static final class Held {

		private int bytes = -1;

		private Runnable release;

		void giveBack() {
			if (this.release != null) {
				this.release.run();
			}
			this.release = null;
			this.bytes = -1;
		}

	}

}
