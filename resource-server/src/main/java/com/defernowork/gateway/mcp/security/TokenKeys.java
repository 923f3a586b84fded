package com.defernowork.gateway.mcp.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Cache keys for bearer tokens: a SHA-256 digest, so a heap dump does not hand out live
 * tokens.
 */
public final class TokenKeys {

	/**
	 * Cloned per key: cheaper than a provider look-up on every request (two per tool
	 * call).
	 */
	private static final MessageDigest SHA_256 = sha256();

	private TokenKeys() {
	}

	public static String of(String token) {
		return HexFormat.of().formatHex(newDigest().digest(token.getBytes(StandardCharsets.UTF_8)));
	}

	private static MessageDigest newDigest() {
		try {
			return (MessageDigest) SHA_256.clone();
		}
		catch (CloneNotSupportedException ex) {
			return sha256();
		}
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JVM", ex);
		}
	}

}
