package com.defernowork.gateway.mcp.deferno.client;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding as the reference client does it with Python's {@code quote}:
 * unreserved characters ({@code A-Z a-z 0-9 _ . - ~}) and the given safe characters stay,
 * every other UTF-8 byte is encoded.
 */
public final class UriEncoding {

	private UriEncoding() {
	}

	/**
	 * A path segment or query value with nothing else kept ({@code quote(s, safe='')}).
	 */
	public static String encode(String value) {
		return encode(value, "");
	}

	public static String encode(String value, String safe) {
		StringBuilder out = new StringBuilder();
		for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
			int c = b & 0xff;
			if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
					|| c == '-' || c == '~' || (c < 128 && safe.indexOf(c) >= 0)) {
				out.append((char) c);
			}
			else {
				out.append('%')
					.append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
					.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
			}
		}
		return out.toString();
	}

	/** A form-style query value ({@code quote_plus}): a space becomes {@code +}. */
	public static String encodeFormValue(String value) {
		return encode(value, " ").replace(' ', '+');
	}

}
