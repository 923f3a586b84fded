package com.defernowork.gateway.auth.config;

import java.util.regex.Pattern;

/**
 * The grammar RFC 7636 §4.1 gives a {@code code_verifier}, and the form of an S256
 * {@code code_challenge} (the only method served: the base64url of a SHA-256 digest,
 * without padding); the framework checks neither, so a malformed value would otherwise
 * only show as a failed match at the token endpoint, after the person signed in and
 * approved.
 */
public final class PkceValues {

	private static final Pattern GRAMMAR = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

	/**
	 * 32 bytes in base64url: 43 characters, the last carrying two bits of padding (zero),
	 * so one of 16; any other value can never match a verifier's digest.
	 */
	private static final Pattern S256_CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]");

	private PkceValues() {
	}

	public static boolean isWellFormed(String value) {
		return GRAMMAR.matcher(value).matches();
	}

	public static boolean isS256Challenge(String value) {
		return S256_CHALLENGE.matcher(value).matches();
	}

}
