package com.defernowork.gateway.web.settings;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.ConfigTreePropertySource;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;

/**
 * A secret file in {@code GATEWAY_SECRETS_DIR} against the environment variable of the
 * same name, which Spring would let win even when empty. Compose passes a variable that
 * {@code .env} leaves unset as an empty one ({@code ${VAR:-}}), which would hide the file
 * the docs tell the operator to write: an empty or blank variable yields to its file. A
 * variable with a value still wins, and a WARN names the file it hides.
 */
final class SecretFileOrVariableEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	private static final String PROPERTY_SOURCE = "secretFilesOverEmptyVariables";

	private static final String VARIABLES = StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;

	private final Log logger;

	SecretFileOrVariableEnvironmentPostProcessor(DeferredLogFactory logs) {
		this.logger = logs.getLog(SecretFileOrVariableEnvironmentPostProcessor.class);
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		MutablePropertySources sources = environment.getPropertySources();
		PropertySource<?> variables = sources.get(VARIABLES);
		if (variables == null) {
			return;
		}
		Map<String, Object> files = new LinkedHashMap<>();
		Set<String> seen = new HashSet<>();
		for (PropertySource<?> source : sources) {
			if (!(source instanceof ConfigTreePropertySource tree)) {
				continue;
			}
			for (String name : tree.getPropertyNames()) {
				Object variable = variables.getProperty(name);
				// the first tree holding a name is the one Spring reads it from
				if (variable == null || !seen.add(name)) {
					continue;
				}
				Origin file = tree.getOrigin(name);
				if (variable.toString().isBlank()) {
					files.put(name, OriginTrackedValue.of(tree.getProperty(name), file));
				}
				else {
					this.logger.warn(name + " is set both in the environment and in the secret file " + path(file)
							+ ": the variable wins; leave it unset or empty to use the file");
				}
			}
		}
		if (!files.isEmpty()) {
			// above the variables only: arguments and system properties still win
			sources.addBefore(VARIABLES, new OriginTrackedMapPropertySource(PROPERTY_SOURCE, files));
		}
	}

	private static Object path(Origin file) {
		return (file instanceof TextResourceOrigin text && text.getResource() instanceof FileSystemResource resource)
				? resource.getPath() : file;
	}

	/** Once the config data has read the secret files. */
	@Override
	public int getOrder() {
		return ConfigDataEnvironmentPostProcessor.ORDER + 1;
	}

}
