package com.defernowork.gateway.web.settings;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * A duration setting given a bare number, which Spring Boot reads as milliseconds:
 * {@code AUTH_ACCESS_TOKEN_TTL=3600} would be 3.6 seconds, and no check of a positive
 * duration could tell. application.yml maps each variable with its default
 * ({@code ${AUTH_ACCESS_TOKEN_TTL:1h}}); where that default is a duration with its unit,
 * a bare number other than 0 stops the start, naming the setting.
 */
public final class DurationsWithUnits implements EnvironmentPostProcessor, Ordered {

	private static final Pattern DURATION_PLACEHOLDER = Pattern
		.compile("\\$\\{([A-Za-z0-9_]+):\\d+(?:ns|us|ms|s|m|h|d)}");

	private static final Pattern BARE_NUMBER = Pattern.compile("\\s*\\d+\\s*");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		for (PropertySource<?> source : environment.getPropertySources()) {
			if (source instanceof OriginTrackedMapPropertySource config) {
				for (String property : config.getPropertyNames()) {
					check(environment, property, String.valueOf(config.getProperty(property)));
				}
			}
		}
	}

	private static void check(ConfigurableEnvironment environment, String property, String mapping) {
		Matcher placeholder = DURATION_PLACEHOLDER.matcher(mapping);
		if (!placeholder.matches()) {
			return;
		}
		String variable = placeholder.group(1);
		String value = environment.getProperty(variable);
		if (value != null && BARE_NUMBER.matcher(value).matches() && !value.strip().matches("0+")) {
			throw new InvalidSettingException(variable + " (" + property + ")", "a duration with its unit, e.g. "
					+ value.strip() + "s, 30s, 5m or 1h (a number alone would be " + "read as milliseconds)", value);
		}
	}

	/** After the config data is loaded. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE - 10;
	}

}
