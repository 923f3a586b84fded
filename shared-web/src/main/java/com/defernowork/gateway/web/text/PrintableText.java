package com.defernowork.gateway.web.text;

/**
 * Text from elsewhere (a client's metadata document, an upstream's error description)
 * reduced to what is safe to put on a page or in a log line: printable ASCII, short. No
 * reordering or invisible characters to mislead a reader, no line breaks to forge log
 * lines, no size an outsider chooses.
 */
public final class PrintableText {

	private PrintableText() {
	}

	/**
	 * {@code text} with every character (code point) outside printable ASCII as
	 * {@code ?}, cut to {@code max} characters followed by {@code ...} when longer;
	 * {@code null} as {@code "null"}.
	 */
	public static String of(Object text, int max) {
		String printable = String.valueOf(text).replaceAll("[^\\x20-\\x7E]", "?");
		return (printable.length() <= max) ? printable : printable.substring(0, max) + "...";
	}

}
