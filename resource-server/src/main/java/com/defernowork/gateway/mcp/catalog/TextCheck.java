package com.defernowork.gateway.mcp.catalog;

import java.util.Set;

/**
 * What text an agent may send: well-formed Unicode without control characters (a text
 * that may span lines keeps tab and line breaks). One line (a title, a label, a file
 * name) also holds no Unicode line or paragraph separator, and no bidirectional override
 * (U+202D, U+202E), which makes {@code invoice\u202Etxt.exe} read as
 * {@code invoiceexe.txt}; the embeddings, isolates and marks that right-to-left text
 * copied from other apps carries stay. Blank means no visible character at all: spaces,
 * zero-width and bidirectional marks, a byte order mark or Hangul fillers alone make a
 * title nobody can read or find.
 */
final class TextCheck {

	/** Default-ignorable letters and marks Unicode shows as nothing, by code point. */
	private static final Set<Integer> FILLERS = Set.of(0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x2800, 0x3164, 0xFFA0);

	private TextCheck() {
	}

	/**
	 * Refuses what {@code value} may not hold; {@code lines} lets tab, line feed and
	 * carriage return through. Blank text passes: whether it means "none" is the caller's
	 * rule.
	 */
	static void check(String name, String value, boolean lines) {
		// whether the text is blank, found out only at a separator or override: common
		// text is scanned once
		Boolean blank = null;
		for (int i = 0, position = 1; i < value.length(); position++) {
			int c = value.codePointAt(i);
			if (Character.getType(c) == Character.SURROGATE) {
				throw new ToolArgumentException(name + " has a lone UTF-16 surrogate (U+" + hex(c) + " at character "
						+ position + "): send well-formed Unicode text");
			}
			if (Character.getType(c) == Character.CONTROL && !(lines && (c == '\t' || c == '\n' || c == '\r'))) {
				throw new ToolArgumentException(name + " must not contain control characters (U+" + hex(c)
						+ " at character " + position + ")" + ((c == '\t' || c == '\n' || c == '\r')
								? ": it is one line, without tabs or line breaks" : ""));
			}
			if (!lines && isLineBreakOrDirectionOverride(c)) {
				blank = (blank != null) ? blank : isBlank(value);
				// text of nothing else is refused as blank by the caller, which says more
				if (!blank) {
					throw new ToolArgumentException(name + " is one line of text: no line or paragraph separator and "
							+ "no direction override (U+" + hex(c) + " at character " + position + ")");
				}
			}
			i += Character.charCount(c);
		}
	}

	private static boolean isLineBreakOrDirectionOverride(int c) {
		int type = Character.getType(c);
		return type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR || c == 0x202D || c == 0x202E;
	}

	static ToolArgumentException blank(String name) {
		return new ToolArgumentException(name + " must have at least one visible character (it is empty, or only "
				+ "spaces or invisible characters)");
	}

	/** Whether not one character of {@code value} would show. */
	static boolean isBlank(String value) {
		return value.codePoints().allMatch(TextCheck::isInvisible);
	}

	private static boolean isInvisible(int c) {
		int type = Character.getType(c);
		return Character.isWhitespace(c) || Character.isSpaceChar(c) || type == Character.CONTROL
				|| type == Character.FORMAT || type == Character.SURROGATE || FILLERS.contains(c)
				|| (c >= 0x180B && c <= 0x180F) || (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF);
	}

	private static String hex(int c) {
		return String.format("%04X", c);
	}

}
