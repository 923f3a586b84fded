package com.defernowork.gateway.mcp.deferno.client;

/**
 * No Deferno API token could be obtained for the current request; the message says why.
 */
public class DefernoTokenUnavailableException extends RuntimeException {

	public DefernoTokenUnavailableException(String message) {
		super(message);
	}

	public DefernoTokenUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
