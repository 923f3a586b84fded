package com.defernowork.gateway.web.settings;

import java.time.Duration;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.core.convert.ConversionFailedException;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.env.Environment;

/**
 * A duration setting given a bare number, which Spring Boot reads as milliseconds:
 * {@code AUTH_CONSENT_TTL=3600} would be 3.6 seconds, and no check of a positive duration
 * could tell. Every {@code @ConfigurationProperties} duration bound from a number other
 * than 0 stops the start, ours and Boot's, however the setting is given (a variable
 * application.yml maps, one bound by its name alone, a properties file), reported naming
 * the setting as any value that is no duration
 * ({@link UnconvertibleSettingFailureAnalyzer}); one declared with a {@link DurationUnit}
 * takes a number in that unit. Checked once bound rather than by a converter of our own:
 * the binder would try Boot's after ours refused.
 */
final class DurationsWithUnits implements ConfigurationPropertiesBindHandlerAdvisor {

	private static final Pattern BARE_NUMBER = Pattern.compile("[-+]?\\d+");

	private final Environment environment;

	DurationsWithUnits(Environment environment) {
		this.environment = environment;
	}

	@Override
	public BindHandler apply(BindHandler handler) {
		return new AbstractBindHandler(handler) {

			@Override
			public Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
					Object result) {
				Object value = (context.getConfigurationProperty() != null)
						? context.getConfigurationProperty().getValue() : null;
				// a YAML file's 3600 is a number, the environment's a string
				if (result instanceof Duration && target.getAnnotation(DurationUnit.class) == null
						&& (value instanceof String || value instanceof Number)) {
					String text = DurationsWithUnits.this.environment.resolvePlaceholders(value.toString()).strip();
					if (isBareNumber(text)) {
						// as if it were no duration at all
						throw new ConversionFailedException(TypeDescriptor.valueOf(String.class),
								TypeDescriptor.valueOf(Duration.class), text,
								new IllegalArgumentException("a number alone would be read as milliseconds"));
					}
				}
				return super.onSuccess(name, target, context, result);
			}

		};
	}

	/** A number other than 0 without a unit. */
	static boolean isBareNumber(String text) {
		return BARE_NUMBER.matcher(text).matches() && !text.matches("[-+]?0+");
	}

}
