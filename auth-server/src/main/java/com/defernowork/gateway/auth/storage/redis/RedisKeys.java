package com.defernowork.gateway.auth.storage.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.defernowork.gateway.auth.storage.TokenIndex;

/**
 * Every key the store writes, under {@code auth.redis.key-prefix}. Token values appear only as SHA-256 digests, so a
 * key listing does not leak usable tokens.
 */
final class RedisKeys {

	private final String prefix;

	RedisKeys(String prefix) {
		this.prefix = prefix;
	}

	String authorization(String id) {
		return this.prefix + "authorization:" + id;
	}

	/** The set of token index keys an authorization owns, so that remove can delete them all. */
	String authorizationIndexes(String id) {
		return this.prefix + "authorization-indexes:" + id;
	}

	String token(TokenIndex index, String value) {
		return tokenPrefix(index) + digest(value);
	}

	String tokenPrefix(TokenIndex index) {
		return this.prefix + "token:" + index.type() + ":";
	}

	String principal(String principalName) {
		return this.prefix + "principal:" + principalName;
	}

	String client(String id) {
		return this.prefix + "client:" + id;
	}

	String clientId(String clientId) {
		return this.prefix + "client-id:" + clientId;
	}

	String consent(String registeredClientId, String principalName) {
		return this.prefix + "consent:" + registeredClientId + ":" + principalName;
	}

	private static String digest(String value) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every JVM", ex);
		}
	}

}
