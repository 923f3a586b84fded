package com.defernowork.gateway.mcp.text;

/**
 * Text a client sent, quoted back in an error: never longer than the error allows,
 * whatever was sent.
 */
public final class Quotes {

	/** How long a name, value or header a client sent may be when quoted back. */
	public static final int SHORT = 100;

	private Quotes() {
	}

	/**
	 * The text, or its first characters and an ellipsis: at most {@code max} characters
	 * in all.
	 */
	public static String atMost(String text, int max) {
		return (text.length() > max) ? text.substring(0, max - 1) + "…" : text;
	}

}
