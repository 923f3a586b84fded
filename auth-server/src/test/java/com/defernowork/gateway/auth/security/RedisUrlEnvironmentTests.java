package com.defernowork.gateway.auth.security;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class RedisUrlEnvironmentTests {

	@Test
	void postProcessWhenRedisUrlSetThenSpringDataRedisUrl() {
		StandardEnvironment environment = environment(Map.of("REDIS_URL", "redis://cache:6379"));
		new RedisUrlEnvironment().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.data.redis.url")).isEqualTo("redis://cache:6379");
	}

	@Test
	void postProcessWhenRedisUrlUnsetOrBlankThenNothing() {
		StandardEnvironment environment = environment(Map.of("REDIS_URL", " "));
		new RedisUrlEnvironment().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.data.redis.url")).isNull();
	}

	@Test
	void postProcessWhenSpringPropertyAlreadySetThenKept() {
		StandardEnvironment environment = environment(
				Map.of("REDIS_URL", "redis://env:6379", "spring.data.redis.url", "redis://explicit:6379"));
		new RedisUrlEnvironment().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.data.redis.url")).isEqualTo("redis://explicit:6379");
	}

	private static StandardEnvironment environment(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		return environment;
	}

}
