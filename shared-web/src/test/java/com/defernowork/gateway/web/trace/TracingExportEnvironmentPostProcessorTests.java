package com.defernowork.gateway.web.trace;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import com.defernowork.gateway.web.settings.InvalidSettingException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TracingExportEnvironmentPostProcessorTests {

	private final TracingExportEnvironmentPostProcessor processor = new TracingExportEnvironmentPostProcessor();

	@Test
	void whenNoOtlpEndpointThenNoTraceStartedHere() {
		MockEnvironment environment = new MockEnvironment().withProperty("OTEL_EXPORTER_OTLP_ENDPOINT", " ");
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty(TracingExportEnvironmentPostProcessor.PROBABILITY)).isEqualTo("0");
	}

	@Test
	void whenOtlpEndpointThenLeftOn() {
		MockEnvironment environment = new MockEnvironment().withProperty("OTEL_EXPORTER_OTLP_ENDPOINT",
				"http://collector:4318");
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty(TracingExportEnvironmentPostProcessor.PROBABILITY)).isNull();
	}

	@Test
	void whenTracesEndpointOrBootPropertyThenLeftOn() {
		for (String name : new String[] { "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
				"management.opentelemetry.tracing.export.otlp.endpoint" }) {
			MockEnvironment environment = new MockEnvironment().withProperty(name, "http://collector:4318/v1/traces");
			this.processor.postProcessEnvironment(environment, new SpringApplication());
			assertThat(environment.getProperty(TracingExportEnvironmentPostProcessor.PROBABILITY)).as(name).isNull();
		}
	}

	@Test
	void whenAnOtlpEndpointIsNoHttpUrlThenTheStartStopsNamingIt() {
		MockEnvironment environment = new MockEnvironment().withProperty("OTEL_EXPORTER_OTLP_ENDPOINT", "not-a-url");
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> this.processor.postProcessEnvironment(environment, new SpringApplication()))
			.withMessageStartingWith(
					"OTEL_EXPORTER_OTLP_ENDPOINT (the OTLP/HTTP collector) must be an absolute http(s) URL");
	}

	@Test
	void whenTheProbabilityIsNoShareThenTheStartStopsNamingIt() {
		for (String probability : new String[] { "2", "-0.1", "ten" }) {
			MockEnvironment environment = new MockEnvironment()
				.withProperty(TracingExportEnvironmentPostProcessor.PROBABILITY, probability);
			assertThatExceptionOfType(InvalidSettingException.class)
				.isThrownBy(() -> this.processor.postProcessEnvironment(environment, new SpringApplication()))
				.withMessage(
						"MANAGEMENT_TRACING_SAMPLING_PROBABILITY (management.tracing.sampling.probability) must be "
								+ "a number from 0 to 1, e.g. 0.1, was '" + probability + "'");
		}
	}

	@Test
	void whenExplicitlySetThenUntouched() {
		MockEnvironment environment = new MockEnvironment()
			.withProperty(TracingExportEnvironmentPostProcessor.PROBABILITY, "1.0");
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty(TracingExportEnvironmentPostProcessor.PROBABILITY)).isEqualTo("1.0");
	}

	@Test
	void whenBaggageNotSetThenNotCarriedOnElseAsSet() {
		MockEnvironment environment = new MockEnvironment();
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty(TracingExportEnvironmentPostProcessor.BAGGAGE)).isEqualTo("false");
		MockEnvironment asked = new MockEnvironment().withProperty(TracingExportEnvironmentPostProcessor.BAGGAGE,
				"true");
		this.processor.postProcessEnvironment(asked, new SpringApplication());
		assertThat(asked.getProperty(TracingExportEnvironmentPostProcessor.BAGGAGE)).isEqualTo("true");
	}

}
