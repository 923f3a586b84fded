package com.defernowork.gateway.sandbox.oauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Pattern;

/** RFC 7636 S256 verification. */
final class Pkce {

	private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9\\-._~]{43,128}");

	private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9\\-_]{43}");

	private Pkce() {
	}

	static boolean isValidChallenge(String challenge) {
		return challenge != null && CHALLENGE.matcher(challenge).matches();
	}

	static boolean matches(String verifier, String challenge) {
		if (verifier == null || !VERIFIER.matcher(verifier).matches()) {
			return false;
		}
		return MessageDigest.isEqual(s256(verifier).getBytes(StandardCharsets.US_ASCII),
				challenge.getBytes(StandardCharsets.US_ASCII));
	}

	static String s256(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
