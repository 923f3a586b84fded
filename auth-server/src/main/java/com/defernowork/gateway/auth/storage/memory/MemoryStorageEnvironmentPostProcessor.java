package com.defernowork.gateway.auth.storage.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.defernowork.gateway.auth.storage.StorageKind;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * In memory mode nothing may touch Redis: Boot's Redis auto-configuration would otherwise
 * create a connection factory for localhost and a health indicator that turns
 * {@code /actuator/health} DOWN when no Redis runs. Adds those auto-configurations to
 * {@code spring.autoconfigure.exclude}, keeping any exclusions already configured.
 */
public final class MemoryStorageEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY_SOURCE = "memoryStorageExclusions";

	static final List<String> REDIS_AUTO_CONFIGURATIONS = List.of(
			"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.DataRedisRepositoriesAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.health.DataRedisHealthContributorAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.health.DataRedisReactiveHealthContributorAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.observation.LettuceObservationAutoConfiguration");

	private static final String EXCLUDE = "spring.autoconfigure.exclude";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (StorageKind.resolve(environment) != StorageKind.MEMORY) {
			return;
		}
		List<String> excluded = new ArrayList<>(
				Binder.get(environment).bind(EXCLUDE, Bindable.listOf(String.class)).orElse(List.of()));
		REDIS_AUTO_CONFIGURATIONS.stream().filter((name) -> !excluded.contains(name)).forEach(excluded::add);
		environment.getPropertySources()
			.addFirst(new MapPropertySource(PROPERTY_SOURCE, Map.of(EXCLUDE, String.join(",", excluded))));
	}

	/** After the config data is loaded, so the storage kind can be resolved. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
