package com.defernowork.gateway.auth.upstream;

import org.springframework.data.redis.core.StringRedisTemplate;

/** Under {@code <prefix>upstream:native-client:<key>}, without expiry (a public client id is no secret). */
final class RedisNativeClientStore implements NativeClientStore {

	private final StringRedisTemplate redis;

	private final String prefix;

	RedisNativeClientStore(StringRedisTemplate redis, String keyPrefix) {
		this.redis = redis;
		this.prefix = keyPrefix + "upstream:native-client:";
	}

	@Override
	public String find(String key) {
		return this.redis.opsForValue().get(this.prefix + key);
	}

	@Override
	public void save(String key, String clientId) {
		this.redis.opsForValue().set(this.prefix + key, clientId);
	}

	@Override
	public void forget(String key) {
		this.redis.delete(this.prefix + key);
	}

}
