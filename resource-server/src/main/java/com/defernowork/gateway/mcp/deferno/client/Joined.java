package com.defernowork.gateway.mcp.deferno.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The outcome of work another thread of the call did, failing as the work failed: its
 * exception as it was thrown, not wrapped, so that it reaches the call's result as it
 * would have on the call's own thread.
 */
public final class Joined {

	private Joined() {
	}

	/** Waits for {@code outcome}: its value, or the work's own exception. */
	public static <T> T join(CompletableFuture<T> outcome) {
		try {
			return outcome.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw (ex.getCause() instanceof RuntimeException failure) ? failure : ex;
		}
	}

}
