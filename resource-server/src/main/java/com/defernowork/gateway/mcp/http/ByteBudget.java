package com.defernowork.gateway.mcp.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.Semaphore;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The bytes of request bodies the endpoint holds at once. A body is read in small steps,
 * and each step's bytes are taken from the budget once they have arrived: a client that
 * declares a large body and sends it slowly, or not at all, holds no more of the budget
 * than it sent (Tomcat's read timeout ends its wait), and some 150 connections that each
 * sent all but the last byte of a 1 MB body no longer run an 80 MB heap out of memory.
 */
final class BodyBudget {

	private static final int STEP = 8 * 1024;

	private final Semaphore bytes;

	BodyBudget(int bytes) {
		this.bytes = new Semaphore(bytes);
	}

	/**
	 * Reads the body, which holds its bytes of the budget until {@link #release}; one
	 * that declares more than {@code maxBytes} not at all.
	 * @param maxBytes the longest body read
	 */
	Read read(HttpServletRequest request, int maxBytes) throws IOException {
		long declared = request.getContentLengthLong();
		if (declared > maxBytes) {
			// not a byte of it is read
			return new Read(Outcome.TOO_LARGE, null);
		}
		// sized to a declared length (most bodies are a few hundred bytes): no step
		// buffer and no copy; a larger or undeclared body grows as it arrives, up to
		// maxBytes
		byte[] body = new byte[(int) Math.min(STEP, (declared >= 0) ? declared : maxBytes)];
		int held = 0;
		try {
			InputStream in = request.getInputStream();
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
				if (!this.bytes.tryAcquire(read)) {
					this.bytes.release(held);
					return new Read(Outcome.NO_ROOM, null);
				}
				held += read;
			}
		}
		catch (IOException | RuntimeException ex) {
			// the client went away or timed out mid-body: what it sent is given back, or
			// each such client would shrink the budget for good
			this.bytes.release(held);
			throw ex;
		}
	}

	/** Gives back what a body read held, once the request is done with it. */
	void release(Read read) {
		if (read.body() != null) {
			this.bytes.release(read.body().length);
		}
	}

	enum Outcome {

		READ, TOO_LARGE,
		/** the budget has no room left for it: what it took was given back */
		NO_ROOM

	}

	/**
	 * @param body the body when {@link Outcome#READ}, else {@code null}
	 */
	record Read(Outcome outcome, byte[] body) {
	}

}
