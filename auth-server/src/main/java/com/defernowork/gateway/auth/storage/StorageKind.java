package com.defernowork.gateway.auth.storage;

import java.util.List;
import java.util.Locale;

import com.defernowork.gateway.web.settings.InvalidSettingException;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Where the authorization server keeps clients, authorizations, consents, keys and the
 * token vault: {@code auth.storage=redis|memory}; unset means Redis when any Redis
 * connection is configured ({@code REDIS_URL}, or Spring Boot's
 * {@code spring.data.redis.url}, {@code .host}, {@code .port}, {@code .cluster.nodes} or
 * {@code .sentinel.nodes}), else memory.
 */
public enum StorageKind {

	REDIS, MEMORY;

	/** REDIS_URL arrives as spring.data.redis.url (RedisUrlEnvironmentPostProcessor). */
	private static final List<String> REDIS_SETTINGS = List.of("spring.data.redis.url", "spring.data.redis.host",
			"spring.data.redis.port", "spring.data.redis.cluster.nodes", "spring.data.redis.sentinel.nodes");

	public static StorageKind resolve(Environment environment) {
		String configured = environment.getProperty("auth.storage", "");
		if (!configured.isBlank()) {
			try {
				return StorageKind.valueOf(configured.trim().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidSettingException("AUTH_STORAGE (auth.storage)",
						"redis or memory (or unset: redis when a Redis connection is configured, else memory)",
						configured);
			}
		}
		return REDIS_SETTINGS.stream().anyMatch((name) -> isSet(environment, name)) ? REDIS : MEMORY;
	}

	/** A single value, a comma-separated list, or a YAML list ({@code nodes[0]}…). */
	private static boolean isSet(Environment environment, String name) {
		if (StringUtils.hasText(environment.getProperty(name))) {
			return true;
		}
		return environment instanceof ConfigurableEnvironment configurable && Binder.get(configurable)
			.bind(name, Bindable.listOf(String.class))
			.map((values) -> values.stream().anyMatch(StringUtils::hasText))
			.orElse(false);
	}

}
