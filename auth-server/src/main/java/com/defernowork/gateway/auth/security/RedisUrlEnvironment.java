package com.defernowork.gateway.auth.security;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * {@code REDIS_URL} → {@code spring.data.redis.url}, only when it is set: an empty URL would stop Spring Data
 * Redis from starting, and an unset one selects the in-memory store.
 */
public final class RedisUrlEnvironment implements EnvironmentPostProcessor {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String url = environment.getProperty("REDIS_URL");
		if (StringUtils.hasText(url) && !StringUtils.hasText(environment.getProperty("spring.data.redis.url"))) {
			environment.getPropertySources()
				.addLast(new MapPropertySource("redisUrlFromEnvironment", Map.of("spring.data.redis.url", url.trim())));
		}
	}

}
