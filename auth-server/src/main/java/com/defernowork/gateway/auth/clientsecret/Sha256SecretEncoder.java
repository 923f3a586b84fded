package com.defernowork.gateway.auth.clientsecret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.function.UnaryOperator;

import com.defernowork.gateway.auth.storage.TokenHashes;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * A server-generated secret of 256 random bits at rest: its unsalted SHA-256, base64url.
 * Verifying costs one digest of the presented value and one constant-time comparison,
 * whatever is presented or stored (a malformed stored value is compared against an
 * unmatchable one). Only for high-entropy secrets: a password hash's work factor exists
 * to slow down guessing, and nobody guesses 256 random bits.
 */
final class Sha256SecretEncoder implements PasswordEncoder {

	static final String ID = "secret-sha256";

	private static final int DIGEST_BYTES = 32;

	private static final byte[] UNMATCHABLE = new byte[DIGEST_BYTES];

	private final UnaryOperator<byte[]> digest;

	Sha256SecretEncoder() {
		this(TokenHashes::sha256);
	}

	/** With the digest given: tests count how often it runs. */
	Sha256SecretEncoder(UnaryOperator<byte[]> digest) {
		this.digest = digest;
	}

	@Override
	public String encode(CharSequence rawPassword) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(digestOf(rawPassword));
	}

	@Override
	public boolean matches(CharSequence rawPassword, String encodedPassword) {
		byte[] presented = digestOf(rawPassword);
		byte[] stored = decode(encodedPassword);
		boolean wellFormed = stored != null;
		// no early exit: the same work for a right, a wrong and an unreadable value
		return MessageDigest.isEqual(presented, wellFormed ? stored : UNMATCHABLE) & wellFormed;
	}

	private byte[] digestOf(CharSequence raw) {
		return this.digest.apply(((raw != null) ? raw.toString() : "").getBytes(StandardCharsets.UTF_8));
	}

	private static byte[] decode(String encoded) {
		if (encoded == null) {
			return null;
		}
		try {
			byte[] bytes = Base64.getUrlDecoder().decode(encoded);
			return (bytes.length == DIGEST_BYTES) ? bytes : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
