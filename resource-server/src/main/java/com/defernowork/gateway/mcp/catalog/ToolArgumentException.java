package com.defernowork.gateway.mcp.catalog;

/**
 * A tool's arguments are wrong or do not fit the item; reported as an error result,
 * nothing was written.
 */
public final class ToolArgumentException extends RuntimeException {

	public ToolArgumentException(String message) {
		super(message);
	}

}
