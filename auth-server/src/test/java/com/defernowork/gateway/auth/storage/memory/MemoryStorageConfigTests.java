package com.defernowork.gateway.auth.storage.memory;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.storage.UserAuthorizations;
import com.defernowork.gateway.auth.vault.VaultBoundAuthorizationService;
import com.defernowork.gateway.testsupport.MutableClock;
import com.nimbusds.jose.jwk.source.JWKSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryStorageConfigTests {

	@Test
	void runWhenMemoryStorageThenNoRedisBeansAndMemoryServices() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
			.web(WebApplicationType.NONE)
			// an unreachable Redis URL must not matter once memory storage is chosen
			.run("--auth.storage=memory", "--spring.data.redis.url=redis://127.0.0.1:1",
					"--spring.autoconfigure.exclude=org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration")) {
			assertThat(context.getBeansOfType(RedisConnectionFactory.class)).isEmpty();
			assertThat(context.getBeanDefinitionNames()).noneMatch((name) -> name.toLowerCase().contains("redis"));
			assertThat(context.getBean(OAuth2AuthorizationService.class))
				.isInstanceOf(VaultBoundAuthorizationService.class);
			assertThat(context.getBean(UserAuthorizations.class))
				.isSameAs(context.getBean(OAuth2AuthorizationService.class));
			assertThat(context.getBean(JWKSource.class)).isNotNull();
			assertThat(context.getEnvironment().getProperty("spring.autoconfigure.exclude"))
				.contains("TaskExecutionAutoConfiguration", "DataRedisAutoConfiguration");
		}
	}

	@Test
	void authorizationConsentServiceWhenConsentTtlSetThenAConsentIsForgottenThatLongAfterItWasGiven() {
		MutableClock clock = new MutableClock();
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
			.web(WebApplicationType.NONE)
			.initializers((application) -> application.getBeanFactory().registerSingleton("testClock", clock))
			.run("--auth.storage=memory", "--auth.consent-ttl=1h",
					"--spring.autoconfigure.exclude=org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration")) {
			OAuth2AuthorizationConsentService consents = context.getBean(OAuth2AuthorizationConsentService.class);
			consents.save(OAuth2AuthorizationConsent.withId("client-1", "u-1").scope("tasks:read").build());
			clock.advance(Duration.ofMinutes(59));
			assertThat(consents.findById("client-1", "u-1")).isNotNull();
			clock.advance(Duration.ofMinutes(1));
			assertThat(consents.findById("client-1", "u-1")).isNull();
		}
	}

	@Test
	void postProcessEnvironmentWhenRedisConfiguredThenNothingExcluded() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("spring.data.redis.url", "redis://127.0.0.1:6379")));

		new MemoryStorageEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getPropertySources().contains(MemoryStorageEnvironmentPostProcessor.PROPERTY_SOURCE))
			.isFalse();
	}

	@Test
	void postProcessEnvironmentWhenIndexedExclusionsThenKept() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("spring.autoconfigure.exclude[0]", "com.example.One")));

		new MemoryStorageEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("spring.autoconfigure.exclude")).startsWith("com.example.One,")
			.contains("DataRedisHealthContributorAutoConfiguration");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(MemoryStorageConfig.class)
	static class App {

	}

}
