package com.defernowork.gateway.web.settings;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * A setting as the reports name it, {@code "ENV_NAME (property.name)"}: the variable
 * application.yml maps to the property, or the one that sets it straight.
 */
final class SettingName {

	/** {@code ${NAME:default}} as application.yml maps an environment variable. */
	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)(?::.*)?}");

	private SettingName() {
	}

	/** The property as the environment has it, where it came from included; or null. */
	static ConfigurationProperty property(ConfigurableEnvironment environment, String name) {
		if (environment == null || name == null) {
			return null;
		}
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			ConfigurationProperty property = source.getConfigurationProperty(ConfigurationPropertyName.of(name));
			if (property != null) {
				return property;
			}
		}
		return null;
	}

	static String of(ConfigurableEnvironment environment, String name) {
		ConfigurationProperty property = property(environment, name);
		return (property != null) ? of(property) : name;
	}

	static String of(ConfigurationProperty property) {
		String name = property.getName().toString();
		String variable = null;
		Matcher placeholder = PLACEHOLDER.matcher(String.valueOf(property.getValue()));
		if (placeholder.matches()) {
			variable = placeholder.group(1);
		}
		else if (property.getOrigin() instanceof PropertySourceOrigin origin
				&& origin.getPropertySource() instanceof SystemEnvironmentPropertySource) {
			variable = origin.getPropertyName();
		}
		return (variable != null) ? variable + " (" + name + ")" : name;
	}

}
