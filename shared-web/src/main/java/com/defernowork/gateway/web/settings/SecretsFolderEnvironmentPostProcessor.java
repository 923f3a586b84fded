package com.defernowork.gateway.web.settings;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code GATEWAY_SECRETS_DIR} as an operator writes it, checked before Spring's config
 * tree import reads it: that import requires a trailing slash (one is added), reads every
 * file below the folder (the file system's root is refused) and stops the start with a
 * stack trace on a file (refused here, naming the variable); an empty value is the
 * default folder.
 */
public final class SecretsFolderEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	private static final String VARIABLE = "GATEWAY_SECRETS_DIR";

	private static final String SETTING = VARIABLE + " (spring.config.import)";

	private static final String ACCEPTED = "a folder of secret files, not the file system's root, e.g. /run/secrets";

	private static final String DEFAULT_FOLDER = "/run/secrets/";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String folder = environment.getProperty(VARIABLE);
		if (folder == null) {
			return;
		}
		String normalized = folder.isBlank() ? DEFAULT_FOLDER : folder.endsWith("/") ? folder : folder + "/";
		Path path;
		try {
			path = Path.of(normalized).toAbsolutePath().normalize();
		}
		catch (InvalidPathException ex) {
			throw new InvalidSettingException(SETTING, ACCEPTED, folder);
		}
		if (path.getNameCount() == 0) {
			throw new InvalidSettingException(SETTING, ACCEPTED, folder);
		}
		if (Files.exists(path) && !Files.isDirectory(path)) {
			throw new InvalidSettingException(SETTING,
					"the folder holding the secret files, not one of the files, " + "e.g. /run/secrets", folder);
		}
		if (!normalized.equals(folder)) {
			environment.getPropertySources()
				.addFirst(new MapPropertySource("gatewaySecretsFolder", Map.of(VARIABLE, normalized)));
		}
	}

	@Override
	public int getOrder() {
		return ConfigDataEnvironmentPostProcessor.ORDER - 1;
	}

}
