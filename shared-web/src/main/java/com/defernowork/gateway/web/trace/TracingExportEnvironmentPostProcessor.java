package com.defernowork.gateway.web.trace;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

import com.defernowork.gateway.web.settings.Settings;

/**
 * Tracing costs little until there is somewhere to send spans: without an OTLP endpoint
 * ({@code OTEL_EXPORTER_OTLP_ENDPOINT}, {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} or
 * Boot's {@code management.opentelemetry.tracing.export.otlp.endpoint}) the sampling
 * probability is 0, so a server records spans only for a caller that sampled its
 * {@code traceparent} (the parent-based sampler honours the caller's decision); the trace
 * context still reaches the services it calls, and a request without one still gets an
 * unsampled trace id, which the logs name and its calls carry on. (Turning OpenTelemetry
 * off instead would record every span: Boot's disabled SDK keeps a default, always-on
 * tracer provider.) An explicit {@code management.tracing.sampling.probability} wins. W3C
 * {@code baggage} is not carried on unless turned on: nothing here reads it, and the
 * servers' callers are anyone on the internet, whose headers would otherwise reach
 * Deferno, the identity provider and client metadata document hosts. Both servers read
 * their settings so, from this one place.
 */
public final class TracingExportEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY_SOURCE = "noSamplingWithoutExporter";

	static final String PROBABILITY = "management.tracing.sampling.probability";

	static final String BAGGAGE = "management.tracing.baggage.enabled";

	private static final List<String> ENDPOINTS = List.of("management.opentelemetry.tracing.export.otlp.endpoint",
			"OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> defaults = new HashMap<>();
		boolean exporting = false;
		for (String name : ENDPOINTS) {
			String endpoint = environment.getProperty(name);
			if (StringUtils.hasText(endpoint)) {
				// else the exporter refuses it with a long stack trace that names no
				// setting
				Settings.httpUrl(endpoint, name + " (the OTLP/HTTP collector)");
				exporting = true;
			}
		}
		String probability = environment.getProperty(PROBABILITY);
		if (probability != null) {
			// else the sampler refuses it with a stack trace that names no setting
			Settings.fraction(probability, "MANAGEMENT_TRACING_SAMPLING_PROBABILITY (" + PROBABILITY + ")");
		}
		else if (!exporting) {
			defaults.put(PROBABILITY, "0");
		}
		if (environment.getProperty(BAGGAGE) == null) {
			defaults.put(BAGGAGE, "false");
		}
		if (!defaults.isEmpty()) {
			environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE, defaults));
		}
	}

	/** After the config data is loaded. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE - 10;
	}

}
