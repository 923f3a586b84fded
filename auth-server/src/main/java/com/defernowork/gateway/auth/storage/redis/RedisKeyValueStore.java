package com.defernowork.gateway.auth.storage.redis;

import java.time.Duration;
import java.util.List;

import com.defernowork.gateway.auth.storage.KeyValueStore;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;

/** Redis strings under {@code auth.redis.key-prefix}, with Redis' own expiry. */
public final class RedisKeyValueStore implements KeyValueStore {

	private static final RedisScript<Long> DELETE_IF_VALUE = new DefaultRedisScript<>(
			"if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end",
			Long.class);

	/** INCR and its expiry in one step: a count never stays without one. */
	private static final RedisScript<Long> INCREMENT = new DefaultRedisScript<>(
			"local n = redis.call('incr', KEYS[1]) if n == 1 then redis.call('pexpire', KEYS[1], ARGV[1]) end return n",
			Long.class);

	private final StringRedisTemplate redis;

	private final String prefix;

	public RedisKeyValueStore(StringRedisTemplate redis, String prefix) {
		this.redis = redis;
		this.prefix = prefix;
	}

	@Override
	public String get(String key) {
		return this.redis.opsForValue().get(this.prefix + key);
	}

	@Override
	public void put(String key, String value, Duration ttl) {
		if (ttl == null) {
			this.redis.opsForValue().set(this.prefix + key, value);
		}
		else {
			this.redis.opsForValue().set(this.prefix + key, value, ttl);
		}
	}

	@Override
	public boolean putIfAbsent(String key, String value, Duration ttl) {
		Boolean set = (ttl != null) ? this.redis.opsForValue().setIfAbsent(this.prefix + key, value, ttl)
				: this.redis.opsForValue().setIfAbsent(this.prefix + key, value);
		return Boolean.TRUE.equals(set);
	}

	@Override
	public boolean replace(String key, String value, Duration ttl) {
		Boolean set = (ttl != null) ? this.redis.opsForValue().setIfPresent(this.prefix + key, value, ttl)
				: this.redis.opsForValue().setIfPresent(this.prefix + key, value);
		return Boolean.TRUE.equals(set);
	}

	@Override
	public long increment(String key, Duration ttl) {
		Long count = this.redis.execute(INCREMENT, List.of(this.prefix + key), Long.toString(ttl.toMillis()));
		return (count != null) ? count : 0;
	}

	@Override
	public boolean expire(String key, Duration ttl) {
		return Boolean.TRUE.equals(this.redis.expire(this.prefix + key, ttl));
	}

	@Override
	public void delete(String key) {
		this.redis.delete(this.prefix + key);
	}

	@Override
	public void deleteIfValue(String key, String value) {
		this.redis.execute(DELETE_IF_VALUE, List.of(this.prefix + key), value);
	}

}
