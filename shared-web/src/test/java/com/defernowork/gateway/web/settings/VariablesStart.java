package com.defernowork.gateway.web.settings;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * A start of an empty application with these environment variables, through every
 * environment post-processor the servers have.
 */
final class VariablesStart {

	private VariablesStart() {
	}

	static ConfigurableEnvironment run(Map<String, Object> variables, String... arguments) {
		StandardEnvironment environment = new StandardEnvironment();
		// a test cannot change its JVM's environment: these variables stand in for it
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
		SpringApplication application = new SpringApplication(Empty.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setEnvironment(environment);
		try (ConfigurableApplicationContext context = application.run(arguments)) {
			return context.getEnvironment();
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Empty {

	}

}
