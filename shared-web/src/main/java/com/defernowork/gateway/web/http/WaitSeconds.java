package com.defernowork.gateway.web.http;

import java.time.Duration;

/** A wait told to a client in whole seconds ({@code Retry-After}, a message). */
public final class WaitSeconds {

	private WaitSeconds() {
	}

	/**
	 * Rounded up, and at least one: a client that waits what it is told is let in, and
	 * "0" would have it try again at once.
	 */
	public static long of(Duration wait) {
		return Math.max(1, wait.plusSeconds(1).minusNanos(1).toSeconds());
	}

}
