package com.defernowork.gateway.mcp.text;

/**
 * Text a client sent, quoted back in an error: never longer than the error allows,
 * whatever was sent, and always well-formed Unicode, which JSON text must be (a lone
 * UTF-16 surrogate the client sent, or half of a pair cut in two, would make the answer
 * one that strict clients refuse).
 */
public final class Quotes {

	/** How long a name, value or header a client sent may be when quoted back. */
	public static final int SHORT = 100;

	private Quotes() {
	}

	/**
	 * The text, or its first characters and an ellipsis: at most {@code max} characters
	 * (code points) in all, cut between two of them; a lone surrogate is {@code ?}.
	 */
	public static String atMost(String text, int max) {
		String whole = wellFormed(text);
		if (whole.codePointCount(0, whole.length()) <= max) {
			return whole;
		}
		return whole.substring(0, whole.offsetByCodePoints(0, max - 1)) + "…";
	}

	/**
	 * {@link #atMost}, on one line: every control character, C1 ones included (raw UTF-8
	 * read as ISO-8859-1 has them), as {@code ?}.
	 */
	public static String line(String text, int max) {
		return atMost(text.replaceAll("\\p{Cc}", "?"), max);
	}

	/** The text with each lone UTF-16 surrogate as {@code ?}; the text itself if none. */
	public static String wellFormed(String text) {
		StringBuilder mended = null;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				if (mended != null) {
					mended.append(c).append(text.charAt(i + 1));
				}
				i++;
			}
			else if (Character.isSurrogate(c)) {
				mended = (mended != null) ? mended : new StringBuilder(text.length()).append(text, 0, i);
				mended.append('?');
			}
			else if (mended != null) {
				mended.append(c);
			}
		}
		return (mended != null) ? mended.toString() : text;
	}

	/** Whether the text holds no lone UTF-16 surrogate. */
	public static boolean isWellFormed(String text) {
		return wellFormed(text) == text;
	}

}
