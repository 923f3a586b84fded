package com.defernowork.gateway.mcp.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
		// sized to a declared length (most bodies are a few hundred bytes); a larger or
		// undeclared body grows in blocks as it arrives, none copied into the next
		int first = (int) Math.max(1, Math.min(STEP, (declared >= 0) ? declared : STEP));
		Blocks body = new Blocks(first);
		int held = 0;
		try {
			while (true) {
				int read;
				if (held == first && first < STEP) {
					// the declared length has come: one more byte tells whether it goes
					// on (a block for more only if it does)
					int next = in.read();
					if (next != -1) {
						body.room()[body.used()] = (byte) next;
					}
					read = (next == -1) ? -1 : 1;
				}
				else {
					// one byte past the largest tells that the body goes on
					byte[] block = body.room();
					read = in.read(block, body.used(),
							(int) Math.min(block.length - body.used(), (long) maxBytes + 1 - held));
				}
				if (read == -1) {
					return new Read(Outcome.READ, body);
				}
				if (held + read > maxBytes) {
					this.bytes.release(held);
					return new Read(Outcome.TOO_LARGE, null);
				}
				if (!take(read, held, waitEnd, beforeWaiting)) {
					return new Read(Outcome.NO_ROOM, null);
				}
				body.filled(read);
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
		release(read.length());
	}

	/**
	 * Gives back the {@link Read#length() length} of a body read, for a reader that keeps
	 * its length but not the body itself.
	 */
	public void release(int length) {
		this.bytes.release(length);
	}

	public enum Outcome {

		READ, TOO_LARGE,
		/** the budget had no room left for it in time: what it took was given back */
		NO_ROOM

	}

	/** A body as read, or why it was not. */
	public static final class Read {

		private final Outcome outcome;

		private final Blocks content;

		Read(Outcome outcome, Blocks content) {
			this.outcome = outcome;
			this.content = content;
		}

		public Outcome outcome() {
			return this.outcome;
		}

		/** The bytes it holds of the budget: the body's length, 0 when not read. */
		public int length() {
			return (this.content != null) ? this.content.size() : 0;
		}

		/**
		 * The body in one array (its blocks joined once, when there are several), or
		 * {@code null} when it was not read.
		 */
		public byte[] body() {
			return (this.content != null) ? this.content.joined() : null;
		}

		/**
		 * The body read again from its blocks, not copied; empty when it was not read.
		 */
		public InputStream stream() {
			return (this.content != null) ? this.content.stream() : InputStream.nullInputStream();
		}

	}

	/**
	 * A body's bytes in blocks never copied into larger ones. Written here because
	 * FastByteArrayOutputStream's blocks double without bound, and one of 512 KB or more
	 * is a humongous object that sends a small G1 heap into full collections.
	 */
	private static final class Blocks {

		private static final int LARGEST = 256 * 1024;

		private final List<byte[]> full = new ArrayList<>();

		private byte[] current;

		private int used;

		private int size;

		Blocks(int first) {
			this.current = new byte[first];
		}

		/** The block the next bytes go in, at {@link #used()}: a new one once full. */
		byte[] room() {
			if (this.used == this.current.length) {
				this.full.add(this.current);
				this.current = new byte[Math.min(LARGEST, Math.max(STEP, 2 * this.current.length))];
				this.used = 0;
			}
			return this.current;
		}

		int used() {
			return this.used;
		}

		void filled(int count) {
			this.used += count;
			this.size += count;
		}

		int size() {
			return this.size;
		}

		byte[] joined() {
			if (this.full.isEmpty() && this.used == this.current.length) {
				return this.current;
			}
			byte[] joined = new byte[this.size];
			int at = 0;
			for (byte[] block : this.full) {
				System.arraycopy(block, 0, joined, at, block.length);
				at += block.length;
			}
			System.arraycopy(this.current, 0, joined, at, this.used);
			return joined;
		}

		InputStream stream() {
			List<InputStream> streams = new ArrayList<>();
			this.full.forEach((block) -> streams.add(new ByteArrayInputStream(block)));
			streams.add(new ByteArrayInputStream(this.current, 0, this.used));
			return new SequenceInputStream(Collections.enumeration(streams));
		}

	}

}
