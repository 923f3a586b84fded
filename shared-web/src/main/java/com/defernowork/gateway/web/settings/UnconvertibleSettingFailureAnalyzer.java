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
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.core.Ordered;
import org.springframework.core.convert.ConversionFailedException;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.unit.DataSize;

/**
 * A setting whose value cannot even be read as its type (a duration of {@code abc}, a
 * number of {@code ten}), reported as the settings the servers check themselves are: the
 * environment variable, its property and what it accepts, instead of Spring Boot's report
 * of the placeholder in application.yml and the converter's words. Any other binding
 * failure is left to Spring Boot.
 */
class UnconvertibleSettingFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

	/** {@code ${NAME:default}} as application.yml maps an environment variable. */
	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)(?::.*)?}");

	private static final Map<Class<?>, String> ACCEPTED = Map.of(Duration.class,
			"a duration with its unit, such as 30s, 5m or 1h", Integer.class, "a whole number", Long.class,
			"a whole number", Double.class, "a number", Boolean.class, "true or false", DataSize.class,
			"a size such as 512KB or 10MB");

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		if (!(cause.getCause() instanceof ConversionFailedException conversion) || cause.getProperty() == null) {
			return null;
		}
		String accepted = accepted(conversion.getTargetType().getObjectType());
		if (accepted == null) {
			return null;
		}
		InvalidSettingException invalid = new InvalidSettingException(setting(cause.getProperty()), accepted,
				conversion.getValue());
		return new FailureAnalysis(invalid.getMessage(), invalid.action(), cause);
	}

	private static String accepted(Class<?> type) {
		if (type.isEnum()) {
			return "one of " + Arrays.stream(type.getEnumConstants())
				.map((constant) -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT))
				.collect(Collectors.joining(", "));
		}
		return ACCEPTED.get(type);
	}

	/** The variable and property, as the other reports name a setting. */
	private static String setting(ConfigurationProperty property) {
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

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 1;
	}

}
