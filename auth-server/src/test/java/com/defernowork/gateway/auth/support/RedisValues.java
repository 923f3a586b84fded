package com.defernowork.gateway.auth.support;

import org.springframework.data.redis.connection.DataType;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A key's value as Redis gives it back, whatever its type: what a search for plaintext
 * must read. {@code DUMP}'s bytes will not do, as Redis compresses longer values there.
 */
public final class RedisValues {

	private RedisValues() {
	}

	public static String decoded(StringRedisTemplate redis, String key) {
		DataType type = redis.type(key);
		Object value = switch (type) {
			case STRING -> redis.opsForValue().get(key);
			case HASH -> redis.opsForHash().entries(key);
			case SET -> redis.opsForSet().members(key);
			case ZSET -> redis.opsForZSet()
				.rangeWithScores(key, 0, -1)
				.stream()
				.map((tuple) -> tuple.getValue() + "=" + tuple.getScore())
				.toList();
			case LIST -> redis.opsForList().range(key, 0, -1);
			default -> type.name();
		};
		return String.valueOf(value);
	}

}
