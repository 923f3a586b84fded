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

	/**
	 * {@link #atMost}, on one line: every control character, C1 ones included (raw UTF-8
	 * read as ISO-8859-1 has them), as {@code ?}.
	 */
	public static String line(String text, int max) {
		return atMost(text.replaceAll("\\p{Cc}", "?"), max);
	}

}
