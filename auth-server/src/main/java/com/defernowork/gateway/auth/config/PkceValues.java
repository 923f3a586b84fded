package com.defernowork.gateway.auth.config;

import java.util.regex.Pattern;

/**
 * The grammar RFC 7636 §4.1 gives a {@code code_verifier}, which a {@code code_challenge}
 * also follows (S256's 43 characters of base64url, or the verifier itself for
 * {@code plain}); the framework checks neither, so a malformed value would otherwise only
 * show as a failed match at the token endpoint.
 */
public final class PkceValues {

	private static final Pattern GRAMMAR = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

	private PkceValues() {
	}

	public static boolean isWellFormed(String value) {
		return GRAMMAR.matcher(value).matches();
	}

}
