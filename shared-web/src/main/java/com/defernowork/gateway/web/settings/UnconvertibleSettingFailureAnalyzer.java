package com.defernowork.gateway.web.settings;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.core.Ordered;
import org.springframework.core.convert.ConversionFailedException;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.unit.DataSize;

/**
 * A setting whose value cannot even be read as its type (a duration of {@code abc}, a
 * number of {@code ten}), reported as the settings the servers check themselves are: the
 * environment variable, its property and what it accepts, instead of Spring Boot's report
 * of the placeholder in application.yml and the converter's words. It may fail binding
 * settings, or earlier, read straight from the environment (a condition reading
 * {@code server.port}). Any other failure is left to Spring Boot.
 */
class UnconvertibleSettingFailureAnalyzer implements FailureAnalyzer, Ordered {

	/** {@code ${NAME:default}} as application.yml maps an environment variable. */
	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)(?::.*)?}");

	private static final Map<Class<?>, String> ACCEPTED = Map.of(Duration.class,
			"a duration with its unit, such as 30s, 5m or 1h", Integer.class, "a whole number", Long.class,
			"a whole number", Double.class, "a number", Boolean.class, "true or false", DataSize.class,
			"a size such as 512KB or 10MB");

	private final Environment environment;

	/**
	 * @param environment the application's, to read how a setting is written; null when
	 * it failed before there was one
	 */
	UnconvertibleSettingFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	public FailureAnalysis analyze(Throwable failure) {
		BindException binding = cause(failure, BindException.class);
		if (binding != null && binding.getCause() instanceof ConversionFailedException conversion
				&& binding.getProperty() != null) {
			return analysis(setting(binding.getProperty()), conversion, binding);
		}
		// read from the environment, Boot names the property in the conversion's cause
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConversionFailedException conversion
					&& conversion.getCause() instanceof InvalidConfigurationPropertyValueException read) {
				return analysis(setting(read.getName(), raw(read.getName()), null), conversion, conversion);
			}
		}
		return null;
	}

	/** As the property is written (the placeholder application.yml maps), or null. */
	private Object raw(String name) {
		if (this.environment instanceof ConfigurableEnvironment configurable) {
			for (PropertySource<?> source : configurable.getPropertySources()) {
				Object value = source.getProperty(name);
				if (value != null) {
					return value;
				}
			}
		}
		return null;
	}

	private static FailureAnalysis analysis(String setting, ConversionFailedException conversion, Throwable cause) {
		String accepted = accepted(conversion.getTargetType().getObjectType());
		if (accepted == null) {
			return null;
		}
		InvalidSettingException invalid = new InvalidSettingException(setting, accepted, conversion.getValue());
		return new FailureAnalysis(invalid.getMessage(), invalid.action(), cause);
	}

	private static <E extends Throwable> E cause(Throwable failure, Class<E> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

	private static String accepted(Class<?> type) {
		if (type.isEnum()) {
			return "one of " + Arrays.stream(type.getEnumConstants())
				.map((constant) -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT))
				.collect(Collectors.joining(", "));
		}
		return ACCEPTED.get(type);
	}

	private static String setting(ConfigurationProperty property) {
		return setting(property.getName().toString(), property.getValue(), property.getOrigin());
	}

	/** The variable and property, as the other reports name a setting. */
	private static String setting(String name, Object value, Origin origin) {
		String variable = null;
		Matcher placeholder = PLACEHOLDER.matcher(String.valueOf(value));
		if (placeholder.matches()) {
			variable = placeholder.group(1);
		}
		else if (origin instanceof PropertySourceOrigin source
				&& source.getPropertySource() instanceof SystemEnvironmentPropertySource) {
			variable = source.getPropertyName();
		}
		return (variable != null) ? variable + " (" + name + ")" : name;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 1;
	}

}
