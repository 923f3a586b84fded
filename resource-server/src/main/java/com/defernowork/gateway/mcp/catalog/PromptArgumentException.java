package com.defernowork.gateway.mcp.catalog;

/**
 * A prompt's arguments are wrong: reported as invalid params (-32602) with this message.
 */
public final class PromptArgumentException extends RuntimeException {

	public PromptArgumentException(String message) {
		super(message);
	}

}
