package com.defernowork.gateway.mcp.deferno.client;

/**
 * No Deferno API token could be obtained for the current request; the message says why,
 * and {@link #signInHelps()} whether the person signing in again would mend it (a grant
 * refused) or not (an outage, this server's configuration).
 */
public class DefernoTokenUnavailableException extends RuntimeException {

	private final boolean signInHelps;

	public DefernoTokenUnavailableException(String message) {
		this(message, false);
	}

	private DefernoTokenUnavailableException(String message, boolean signInHelps) {
		super(message);
		this.signInHelps = signInHelps;
	}

	/** The sign-in behind this request no longer yields a token: only a new one helps. */
	public static DefernoTokenUnavailableException signInAgain(String message) {
		return new DefernoTokenUnavailableException(message, true);
	}

	public boolean signInHelps() {
		return this.signInHelps;
	}

}
