package com.defernowork.gateway.auth.cimd;

import java.time.Duration;

import org.springframework.data.redis.core.StringRedisTemplate;

/** Documents as Redis strings under {@code <prefix>cimd:<key>}, expiring with their cache lifetime. */
final class RedisDocumentStore implements DocumentStore {

	private final StringRedisTemplate redis;

	private final String prefix;

	RedisDocumentStore(StringRedisTemplate redis, String keyPrefix) {
		this.redis = redis;
		this.prefix = keyPrefix + "cimd:";
	}

	@Override
	public String get(String key) {
		return this.redis.opsForValue().get(this.prefix + key);
	}

	@Override
	public void put(String key, String value, Duration ttl) {
		this.redis.opsForValue().set(this.prefix + key, value, ttl);
	}

	@Override
	public void remove(String key) {
		this.redis.delete(this.prefix + key);
	}

}
