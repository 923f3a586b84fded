package com.defernowork.gateway.web.settings;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DurationsWithUnitsTests {

	@ConfigurationProperties("auth")
	record Lifetimes(Duration consentTtl, @DurationUnit(ChronoUnit.SECONDS) Duration inSeconds) {
	}

	@EnableConfigurationProperties(Lifetimes.class)
	static class Bound {

	}

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DurationsWithUnitsAutoConfiguration.class))
		.withUserConfiguration(Bound.class);

	@Test
	void bindWhenABareNumberThenTheStartStopsNamingTheSettingAsAnyUnreadableOne() {
		// mapped by application.yml
		this.contexts.withPropertyValues("AUTH_CONSENT_TTL=3600", "auth.consent-ttl=${AUTH_CONSENT_TTL:30d}")
			.run((context) -> assertThat(failure(context)).isEqualTo("AUTH_CONSENT_TTL (auth.consent-ttl) must be a "
					+ "duration with its unit, such as 30s, 5m or 1h, was '3600'"));
		// bound by its name alone
		this.contexts
			.withInitializer(
					(context) -> context.getEnvironment()
						.getPropertySources()
						.addFirst(new SystemEnvironmentPropertySource(
								StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
								Map.of("AUTH_CONSENT_TTL", "3600"))))
			.run((context) -> assertThat(failure(context)).isEqualTo("AUTH_CONSENT_TTL (auth.consent-ttl) must be a "
					+ "duration with its unit, such as 30s, 5m or 1h, was '3600'"));
		// a YAML file's number
		this.contexts
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("application.yml", Map.of("auth.consent-ttl", 3600))))
			.run((context) -> assertThat(failure(context))
				.isEqualTo("auth.consent-ttl must be a duration with its unit, such as 30s, 5m or 1h, was '3600'"));
	}

	private static String failure(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		return new UnconvertibleSettingFailureAnalyzer(null).analyze(context.getStartupFailure()).getDescription();
	}

	@Test
	void positiveWhenReadWithValueAndABareNumberThenRefusedNamingTheSetting() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> Settings.positive("10000", "UPSTREAM_READ_TIMEOUT (spring.http.clients.read-timeout)"))
			.withMessageStartingWith("UPSTREAM_READ_TIMEOUT (spring.http.clients.read-timeout) must be a positive "
					+ "duration with its unit");
		assertThat(Settings.positive("10s", "UPSTREAM_READ_TIMEOUT")).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void bindWhenWithAUnitZeroOrADeclaredUnitThenAsSpringBootReadsIt() {
		this.contexts.withPropertyValues("auth.consent-ttl=3600s", "auth.in-seconds=90").run((context) -> {
			assertThat(context.getBean(Lifetimes.class).consentTtl()).isEqualTo(Duration.ofHours(1));
			assertThat(context.getBean(Lifetimes.class).inSeconds()).isEqualTo(Duration.ofSeconds(90));
		});
		this.contexts.withPropertyValues("auth.consent-ttl=0")
			.run((context) -> assertThat(context.getBean(Lifetimes.class).consentTtl()).isZero());
		this.contexts.withPropertyValues("auth.consent-ttl=PT1H")
			.run((context) -> assertThat(context.getBean(Lifetimes.class).consentTtl()).isEqualTo(Duration.ofHours(1)));
	}

}
