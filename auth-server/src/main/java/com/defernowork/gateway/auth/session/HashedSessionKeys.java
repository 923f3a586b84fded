package com.defernowork.gateway.auth.session;

import java.nio.charset.StandardCharsets;

import com.defernowork.gateway.auth.storage.TokenHashes;

import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * Names a session's Redis key by the SHA-256 of its id, never the id: the id is what the
 * browser's cookie carries, so a key that spelt it would let anyone who can read Redis
 * take over a signed-in session (and approve their own app for that person), where every
 * token the store keeps is hashed for the same reason. Spring Session has no such option;
 * its repository builds every key through this serializer, so finding, saving, renaming
 * (a sign-in changes the id) and deleting all meet the hash.
 */
final class HashedSessionKeys implements RedisSerializer<String> {

	private final String sessionKeys;

	/**
	 * @param sessionKeys the start of every session's key, up to its id
	 */
	HashedSessionKeys(String sessionKeys) {
		this.sessionKeys = sessionKeys;
	}

	@Override
	public byte[] serialize(String key) {
		String named = (key != null && key.startsWith(this.sessionKeys))
				? this.sessionKeys + TokenHashes.hash(key.substring(this.sessionKeys.length())) : key;
		return (named != null) ? named.getBytes(StandardCharsets.UTF_8) : null;
	}

	/**
	 * Keys are never read back as ids: the repository reads a session by the id it has.
	 */
	@Override
	public String deserialize(byte[] bytes) {
		return (bytes != null) ? new String(bytes, StandardCharsets.UTF_8) : null;
	}

}
