package com.defernowork.gateway.mcp.catalog;

/**
 * A resource could not be read; each protocol era turns the reason into its own JSON-RPC
 * error code.
 */
public final class ResourceReadException extends RuntimeException {

	private final Reason reason;

	public ResourceReadException(Reason reason, String message) {
		super(message, null, false, false);
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

	public enum Reason {

		/** No such resource (for this user). */
		NOT_FOUND,

		/** The URI is malformed, or Deferno refuses what it names (400, 403, 422). */
		INVALID,

		/** Deferno or the sign-in behind the request could not serve it now. */
		UNAVAILABLE

	}

}
