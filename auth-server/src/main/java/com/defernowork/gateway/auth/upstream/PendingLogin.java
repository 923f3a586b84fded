package com.defernowork.gateway.auth.upstream;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * One sign-in round trip to Deferno, kept in the HTTP session between {@code /login} and the callback: the
 * {@code state} that ties the callback to this browser, the PKCE verifier and the OIDC nonce.
 */
record PendingLogin(String state, String codeVerifier, String nonce, Instant startedAt) implements Serializable {

	static final Duration LIFETIME = Duration.ofMinutes(10);

	private static final SecureRandom random = new SecureRandom();

	static PendingLogin start(Instant now) {
		return new PendingLogin(randomValue(), randomValue(), randomValue(), now);
	}

	boolean isExpired(Instant now) {
		return now.isAfter(this.startedAt.plus(LIFETIME));
	}

	/** The S256 PKCE challenge of {@link #codeVerifier()}. */
	String codeChallenge() {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(this.codeVerifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String randomValue() {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	@Override
	public String toString() {
		return "PendingLogin[startedAt=" + this.startedAt + "]";
	}

}
