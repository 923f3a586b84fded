package com.defernowork.gateway.web.settings;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code GATEWAY_SECRETS_DIR} as an operator writes it: Spring's config tree import,
 * which reads the folder, requires a trailing slash and stopped the start with a stack
 * trace without one, so one is added here, before the import; an empty value is the
 * default folder, not the file system's root.
 */
public final class SecretsFolderEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	private static final String VARIABLE = "GATEWAY_SECRETS_DIR";

	private static final String DEFAULT_FOLDER = "/run/secrets/";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String folder = environment.getProperty(VARIABLE);
		if (folder == null || (!folder.isBlank() && folder.endsWith("/"))) {
			return;
		}
		String normalized = folder.isBlank() ? DEFAULT_FOLDER : folder + "/";
		environment.getPropertySources()
			.addFirst(new MapPropertySource("gatewaySecretsFolder", Map.of(VARIABLE, normalized)));
	}

	@Override
	public int getOrder() {
		return ConfigDataEnvironmentPostProcessor.ORDER - 1;
	}

}
