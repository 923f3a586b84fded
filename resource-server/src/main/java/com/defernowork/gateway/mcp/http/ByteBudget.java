package com.defernowork.gateway.mcp.http;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The bytes of HTTP bodies a server holds at once (the request bodies it reads, the
 * answers it reads from Deferno). A body is read in small steps, and each step's bytes
 * are taken from the budget once they have arrived: a peer that declares a large body and
 * sends it slowly, or not at all, holds no more of the budget than it sent, and some 150
 * connections that each sent all but the last byte of a 1 MB body no longer run an 80 MB
 * heap out of memory.
 */
public final class ByteBudget {

	private static final int STEP = 8 * 1024;

	private final Semaphore bytes;

	/**
	 * @param bytes how many bytes of bodies are held at once
	 */
	public ByteBudget(int bytes) {
		this.bytes = new Semaphore(bytes);
	}

	/**
	 * A {@code share}th of the heap, and never less than {@code largestBody}: what a body
	 * becomes once parsed and used takes many times its size, so the share is sized to
	 * that growth (a twentieth of an 80 MB heap is one of the largest answers).
	 */
	public static ByteBudget shareOfTheHeap(int share, int largestBody) {
		return new ByteBudget(
				(int) Math.max(largestBody, Math.min(Integer.MAX_VALUE, Runtime.getRuntime().maxMemory() / share)));
	}

	/**
	 * Reads the body, which holds its bytes of the budget until {@link #release}; one
	 * that declares more than {@code maxBytes} not at all.
	 * @param declared the length the peer declared, or -1 for none
	 * @param maxBytes the longest body read
	 * @param wait how long to wait in all for room in the budget as the bytes arrive;
	 * zero to refuse at once when there is none. A body waits holding nothing, or bodies
	 * each holding part of the budget could wait for one another until their time is up.
	 */
	public Read read(InputStream in, long declared, int maxBytes, Duration wait) throws IOException {
		return read(in, declared, maxBytes, wait, () -> {
		});
	}

	/**
	 * Like {@link #read(InputStream, long, int, Duration)}, running {@code beforeWaiting}
	 * each time before it waits for room: to give back what the reader holds of the
	 * budget elsewhere, or it could wait for itself.
	 */
	public Read read(InputStream in, long declared, int maxBytes, Duration wait, Runnable beforeWaiting)
			throws IOException {
		if (declared > maxBytes) {
			// not a byte of it is read
			return new Read(Outcome.TOO_LARGE, null);
		}
		long waitEnd = System.nanoTime() + wait.toNanos();
		// sized to a declared length (most bodies are a few hundred bytes): no step
		// buffer and no copy; a larger or undeclared body grows as it arrives, up to
		// maxBytes
		byte[] body = new byte[(int) Math.min(STEP, (declared >= 0) ? declared : maxBytes)];
		int held = 0;
		try {
			while (true) {
				int read;
				if (held < body.length) {
					read = in.read(body, held, Math.min(STEP, body.length - held));
				}
				else {
					// full: one more byte tells whether the body goes on
					int next = in.read();
					if (next == -1) {
						read = -1;
					}
					else if (held == maxBytes) {
						this.bytes.release(held);
						return new Read(Outcome.TOO_LARGE, null);
					}
					else {
						body = Arrays.copyOf(body, Math.min(maxBytes, held + Math.max(held, STEP)));
						body[held] = (byte) next;
						read = 1;
					}
				}
				if (read == -1) {
					return new Read(Outcome.READ, (held == body.length) ? body : Arrays.copyOf(body, held));
				}
				if (!take(read, held, waitEnd, beforeWaiting)) {
					return new Read(Outcome.NO_ROOM, null);
				}
				held += read;
			}
		}
		catch (IOException | RuntimeException ex) {
			// the peer went away or timed out mid-body: what it sent is given back, or
			// each such peer would shrink the budget for good
			this.bytes.release(held);
			throw ex;
		}
	}

	/**
	 * Takes {@code count} more bytes for a body holding {@code held}; when there is no
	 * room now, gives back what it holds and waits for all of it together. False when
	 * there was no room in time (or the wait was interrupted): then it holds nothing.
	 */
	private boolean take(int count, int held, long waitEnd, Runnable beforeWaiting) {
		if (this.bytes.tryAcquire(count)) {
			return true;
		}
		this.bytes.release(held);
		long left = waitEnd - System.nanoTime();
		if (left <= 0) {
			return false;
		}
		beforeWaiting.run();
		return tryAcquire(held + count, left);
	}

	private boolean tryAcquire(int count, long nanos) {
		try {
			return this.bytes.tryAcquire(count, nanos, TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** Gives back what a body read held, once the request is done with it. */
	public void release(Read read) {
		if (read.body() != null) {
			this.bytes.release(read.body().length);
		}
	}

	public enum Outcome {

		READ, TOO_LARGE,
		/** the budget had no room left for it in time: what it took was given back */
		NO_ROOM

	}

	/**
	 * @param body the body when {@link Outcome#READ}, else {@code null}
	 */
	public record Read(Outcome outcome, byte[] body) {
	}

}
