package com.defernowork.gateway.web.settings;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.beans.TypeMismatchException;
import org.springframework.beans.factory.InjectionPoint;
import org.springframework.beans.factory.UnsatisfiedDependencyException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.core.Ordered;
import org.springframework.core.convert.ConversionFailedException;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.ClassUtils;
import org.springframework.util.unit.DataSize;

/**
 * A setting whose value cannot even be read as its type (a duration of {@code abc}, a
 * number of {@code ten}), reported as the settings the servers check themselves are: the
 * environment variable, its property and what it accepts, instead of Spring Boot's report
 * of the placeholder in application.yml and the converter's words. It may fail binding
 * settings, or earlier, read straight from the environment (a condition reading
 * {@code server.port}), or injecting one with {@code @Value}. Any other failure is left
 * to Spring Boot.
 */
class UnconvertibleSettingFailureAnalyzer extends AbstractFailureAnalyzer<ConversionFailedException>
		implements Ordered {

	/** How the connector refuses a port beyond 65535. */
	private static final String PORT_OUT_OF_RANGE = "port out of range:";

	/** {@code ${name:default}} as an {@code @Value} names a property. */
	private static final Pattern INJECTED = Pattern.compile("\\$\\{([a-z0-9.\\[\\]-]+)(?::.*)?}");

	private static final Map<Class<?>, String> ACCEPTED = Map.of(Duration.class,
			"a duration with its unit, such as 30s, 5m or 1h", Integer.class, "a whole number", Long.class,
			"a whole number", Double.class, "a number", Boolean.class, "true or false", DataSize.class,
			"a size such as 512KB or 10MB", InetAddress.class,
			"an IP address (127.0.0.1, 0.0.0.0, ::) or a host name this machine resolves");

	private final ConfigurableEnvironment environment;

	/**
	 * @param environment the application's, to read how a setting is written; null when
	 * it failed before there was one
	 */
	UnconvertibleSettingFailureAnalyzer(Environment environment) {
		this.environment = (environment instanceof ConfigurableEnvironment configurable) ? configurable : null;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ConversionFailedException conversion) {
		String accepted = accepted(conversion.getTargetType().getObjectType());
		BindException binding = findCause(rootFailure, BindException.class);
		ConfigurationProperty property = (binding != null && binding.getCause() == conversion) ? binding.getProperty()
				// read straight from the environment: Boot names it in the conversion's
				// cause
				: (conversion.getCause() instanceof InvalidConfigurationPropertyValueException read)
						? property(read.getName())
						// injected with @Value: its placeholder names it
						: property(injected(rootFailure));
		return report(property, accepted, conversion.getValue(), conversion);
	}

	/**
	 * Also a number injected with {@code @Value}, which the bean factory converts itself,
	 * without the conversion service.
	 */
	@Override
	public FailureAnalysis analyze(Throwable failure) {
		FailureAnalysis converted = super.analyze(failure);
		if (converted != null) {
			return converted;
		}
		TypeMismatchException mismatch = findCause(failure, TypeMismatchException.class);
		if (mismatch != null && mismatch.getRequiredType() != null) {
			return report(property(injected(failure)),
					accepted(ClassUtils.resolvePrimitiveIfNecessary(mismatch.getRequiredType())), mismatch.getValue(),
					mismatch);
		}
		return portOutOfRange(failure);
	}

	/**
	 * A port number beyond 65535, which only the connector refuses, once the application
	 * port is already open: named by the port setting that holds it.
	 */
	private FailureAnalysis portOutOfRange(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			String message = cause.getMessage();
			if (cause instanceof IllegalArgumentException && message != null && message.startsWith(PORT_OUT_OF_RANGE)) {
				String port = message.substring(PORT_OUT_OF_RANGE.length()).trim();
				for (String name : List.of("server.port", "management.server.port")) {
					if (this.environment != null && port.equals(this.environment.getProperty(name))) {
						return report(property(name), ServerSettingsEnvironmentPostProcessor.ACCEPTED, port, cause);
					}
				}
			}
		}
		return null;
	}

	private FailureAnalysis report(ConfigurationProperty property, String accepted, Object value, Throwable cause) {
		if (accepted == null || property == null) {
			return null;
		}
		InvalidSettingException invalid = new InvalidSettingException(SettingName.of(property), accepted, value);
		return new FailureAnalysis(invalid.getMessage(), invalid.action(), cause);
	}

	/**
	 * The property an {@code @Value("${name:default}")} injection point reads, or null:
	 * the innermost unsatisfied dependency's, as the bean that reads it may be created
	 * for another bean's constructor, whose dependency is the outer one.
	 */
	private static String injected(Throwable failure) {
		String property = null;
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			InjectionPoint point = (cause instanceof UnsatisfiedDependencyException unsatisfied)
					? unsatisfied.getInjectionPoint() : null;
			Value value = (point != null) ? point.getAnnotation(Value.class) : null;
			Matcher placeholder = (value != null) ? INJECTED.matcher(value.value()) : null;
			if (placeholder != null && placeholder.matches()) {
				property = placeholder.group(1);
			}
		}
		return property;
	}

	/** The property as the environment has it, where it came from included. */
	private ConfigurationProperty property(String name) {
		return SettingName.property(this.environment, name);
	}

	private static String accepted(Class<?> type) {
		if (type.isEnum()) {
			return "one of " + Arrays.stream(type.getEnumConstants())
				.map((constant) -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT))
				.collect(Collectors.joining(", "));
		}
		return ACCEPTED.get(type);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 1;
	}

}
