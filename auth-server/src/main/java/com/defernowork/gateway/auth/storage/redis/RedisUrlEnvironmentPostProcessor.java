package com.defernowork.gateway.auth.storage.redis;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * {@code REDIS_URL} is the short name of Spring Boot's {@code spring.data.redis.url},
 * applied only when it has a value: an empty {@code spring.data.redis.url} is not "no
 * URL" to Boot but an invalid one, which would break a Cluster
 * ({@code spring.data.redis.cluster.nodes}) or Sentinel
 * ({@code spring.data.redis.sentinel.*}) configuration. Any {@code spring.data.redis.url}
 * set directly wins.
 */
public final class RedisUrlEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY_SOURCE = "redisUrlAlias";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String url = environment.getProperty("REDIS_URL");
		if (StringUtils.hasText(url) && !StringUtils.hasText(environment.getProperty("spring.data.redis.url"))) {
			environment.getPropertySources()
				.addLast(new MapPropertySource(PROPERTY_SOURCE, Map.of("spring.data.redis.url", url.trim())));
		}
	}

	/** After the config data is loaded, before the storage kind is resolved from it. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE - 10;
	}

}
