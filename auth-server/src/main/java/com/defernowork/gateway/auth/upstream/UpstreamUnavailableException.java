package com.defernowork.gateway.auth.upstream;

/** Deferno (or the identity provider) could not be reached, answered too slowly, or failed on its side. */
final class UpstreamUnavailableException extends RuntimeException {

	private final boolean timeout;

	UpstreamUnavailableException(String message, boolean timeout, Throwable cause) {
		super(message, cause);
		this.timeout = timeout;
	}

	boolean isTimeout() {
		return this.timeout;
	}

}
