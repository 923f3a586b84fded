package com.defernowork.gateway.mcp.deferno.client;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Keeps the bytes of Deferno's answers a tool call read counted in the answers' budget
 * until its result is built, for every Deferno call it makes on its thread: an answer
 * takes several times its size once parsed, projected and written as a result, so
 * releasing it once parsed let two or three of the largest answers be turned into results
 * at once and run an 80 MB heap out of memory. Outside a tool call an answer is released
 * once parsed.
 */
public final class HeldAnswers {

	private static final ThreadLocal<List<Runnable>> HELD = new ThreadLocal<>();

	private HeldAnswers() {
	}

	/**
	 * Runs {@code work} holding the answers read on this thread until it returns; within
	 * another such run, as part of it.
	 */
	public static <T> T until(Supplier<T> work) {
		if (HELD.get() != null) {
			return work.get();
		}
		List<Runnable> held = new ArrayList<>();
		HELD.set(held);
		try {
			return work.get();
		}
		finally {
			HELD.remove();
			held.forEach(Runnable::run);
		}
	}

	/** Gives back an answer's bytes when what holds them ends, or now outside any. */
	static void release(Runnable release) {
		List<Runnable> held = HELD.get();
		if (held != null) {
			held.add(release);
		}
		else {
			release.run();
		}
	}

	/**
	 * Gives back what this thread holds so far, before it waits for room for another
	 * answer: a call must never wait for bytes it holds itself. Its earlier answers go
	 * uncounted from here, as every answer once went once parsed.
	 */
	static void releaseHeld() {
		List<Runnable> held = HELD.get();
		if (held != null) {
			held.forEach(Runnable::run);
			held.clear();
		}
	}

}
