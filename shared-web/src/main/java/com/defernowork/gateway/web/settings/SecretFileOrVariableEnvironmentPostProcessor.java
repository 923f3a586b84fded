package com.defernowork.gateway.web.settings;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.ConfigTreePropertySource;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.FileSystemResource;

/**
 * Each secret file in {@code GATEWAY_SECRETS_DIR} named as an environment variable is
 * read as that variable would be: Spring's config tree names a property after the file
 * alone, so {@code SPRING_DATA_REDIS_PASSWORD} or {@code AUTH_REDIS_KEY_PREFIX} reached
 * only a setting whose {@code application.yml} spells {@code ${VAR}}, never one bound
 * from the variable's name. Compose passes a variable that {@code .env} leaves unset as
 * an empty one ({@code ${VAR:-}}): an empty or blank variable yields to its file. A
 * variable with a value still wins, and a WARN names the file it hides.
 */
final class SecretFileOrVariableEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** Spring maps variable names onto properties in a source named so. */
	private static final String PROPERTY_SOURCE = "gatewaySecretFiles-"
			+ StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;

	private static final String VARIABLES = StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;

	private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");

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
		Map<String, Origin> origins = new HashMap<>();
		for (PropertySource<?> source : sources) {
			if (!(source instanceof ConfigTreePropertySource tree)) {
				continue;
			}
			for (String name : tree.getPropertyNames()) {
				// the first tree holding a name is the one Spring reads it from
				if (!VARIABLE_NAME.matcher(name).matches() || origins.containsKey(name)) {
					continue;
				}
				Origin file = tree.getOrigin(name);
				origins.put(name, file);
				Object variable = variables.getProperty(name);
				if (variable == null || variable.toString().isBlank()) {
					// as the tree holds it, read when used: a file this server may not
					// read (another service's) fails only a setting that needs it
					files.put(name, tree.getProperty(name));
				}
				else {
					this.logger.warn(name + " is set both in the environment and in the secret file " + path(file)
							+ ": the variable wins; leave it unset or empty to use the file");
				}
			}
		}
		if (!files.isEmpty()) {
			// above the variables only: arguments and system properties still win
			sources.addBefore(VARIABLES, new SecretFiles(files, origins));
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

	/**
	 * The files as variables, each value's origin its file: a refused setting's report
	 * names the file it came from.
	 */
	private static final class SecretFiles extends SystemEnvironmentPropertySource implements OriginLookup<String> {

		private final Map<String, Origin> origins;

		SecretFiles(Map<String, Object> files, Map<String, Origin> origins) {
			super(PROPERTY_SOURCE, files);
			this.origins = origins;
		}

		@Override
		public Origin getOrigin(String name) {
			String variable = resolvePropertyName(name);
			return containsProperty(name) ? this.origins.get(variable) : null;
		}

	}

}
