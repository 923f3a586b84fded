package com.defernowork.gateway.auth.storage.redis;

import java.text.ParseException;

import com.defernowork.gateway.auth.storage.SigningKeys;
import com.nimbusds.jose.jwk.RSAKey;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The RSA signing key, generated once and kept in Redis without expiry, so JWTs and the published JWKS survive
 * restarts. Instances starting together agree on one key: only the first {@code SET NX} wins and everyone reads it
 * back.
 */
final class RedisSigningKeyStore {

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	RedisSigningKeyStore(StringRedisTemplate redis, RedisKeys keys) {
		this.redis = redis;
		this.keys = keys;
	}

	RSAKey loadOrCreate() {
		String key = this.keys.signingKey();
		String stored = this.redis.opsForValue().get(key);
		if (stored == null) {
			this.redis.opsForValue().setIfAbsent(key, SigningKeys.generateRsaKey().toJSONString());
			stored = this.redis.opsForValue().get(key);
		}
		try {
			return RSAKey.parse(stored);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("The signing key stored at " + key + " is not an RSA JWK", ex);
		}
	}

}
