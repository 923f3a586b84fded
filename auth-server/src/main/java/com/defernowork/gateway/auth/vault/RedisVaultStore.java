package com.defernowork.gateway.auth.vault;

import java.time.Duration;

import org.springframework.data.redis.core.StringRedisTemplate;

/** Sealed entries as Redis strings under {@code <prefix>vault:<name>}, with the entry's TTL. */
final class RedisVaultStore implements VaultStore {

	private final StringRedisTemplate redis;

	private final String prefix;

	RedisVaultStore(StringRedisTemplate redis, String keyPrefix) {
		this.redis = redis;
		this.prefix = keyPrefix + "vault:";
	}

	@Override
	public void put(String name, String sealed, Duration ttl) {
		this.redis.opsForValue().set(this.prefix + name, sealed, ttl);
	}

	@Override
	public String get(String name) {
		return this.redis.opsForValue().get(this.prefix + name);
	}

	@Override
	public boolean touch(String name, Duration ttl) {
		return Boolean.TRUE.equals(this.redis.expire(this.prefix + name, ttl));
	}

	@Override
	public void delete(String name) {
		this.redis.delete(this.prefix + name);
	}

}
