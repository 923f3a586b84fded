package com.defernowork.gateway.web.settings;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

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
		// bound by its name alone: no application.yml placeholder maps it
		this.contexts.withPropertyValues("AUTH_CONSENT_TTL=3600", "auth.consent-ttl=${AUTH_CONSENT_TTL:30d}")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new UnconvertibleSettingFailureAnalyzer(null)
					.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).isEqualTo("AUTH_CONSENT_TTL (auth.consent-ttl) must be a "
						+ "duration with its unit, such as 30s, 5m or 1h, was '3600'");
			});
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
