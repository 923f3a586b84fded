package com.defernowork.gateway.mcp.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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
		if (request.getContentLengthLong() > maxBytes) {
			// not a byte of it is read
			return new Read(Outcome.TOO_LARGE, null);
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		byte[] step = new byte[STEP];
		InputStream in = request.getInputStream();
		for (int read = in.read(step); read != -1; read = in.read(step)) {
			if (body.size() + read > maxBytes) {
				this.bytes.release(body.size());
				return new Read(Outcome.TOO_LARGE, null);
			}
			if (!this.bytes.tryAcquire(read)) {
				this.bytes.release(body.size());
				return new Read(Outcome.NO_ROOM, null);
			}
			body.write(step, 0, read);
		}
		return new Read(Outcome.READ, body.toByteArray());
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
