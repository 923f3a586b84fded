package com.defernowork.gateway.auth.storage;

import org.springframework.core.env.Environment;

/**
 * Where the authorization server keeps clients, authorizations, consents, keys and the token vault:
 * {@code auth.storage=redis|memory}; unset means Redis when {@code spring.data.redis.url} (REDIS_URL) is set,
 * else memory.
 */
public enum StorageKind {

	REDIS, MEMORY;

	public static StorageKind resolve(Environment environment) {
		String configured = environment.getProperty("auth.storage", "");
		if (!configured.isBlank()) {
			return StorageKind.valueOf(configured.trim().toUpperCase(java.util.Locale.ROOT));
		}
		String redisUrl = environment.getProperty("spring.data.redis.url", "");
		return redisUrl.isBlank() ? MEMORY : REDIS;
	}

}
