package com.defernowork.gateway.mcp.trace;

import java.util.List;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Tracing costs (almost) nothing until there is somewhere to send spans: without an OTLP endpoint
 * ({@code OTEL_EXPORTER_OTLP_ENDPOINT}, {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} or Boot's
 * {@code management.opentelemetry.tracing.export.otlp.endpoint}) the OpenTelemetry SDK is off, so no span is
 * recorded, and only the W3C propagators run: a caller's {@code traceparent} still reaches Deferno and the
 * authorization server unchanged. An explicit {@code management.opentelemetry.enabled} wins.
 */
public final class TracingExportEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY_SOURCE = "tracingOffWithoutExporter";

	private static final List<String> ENDPOINTS = List.of("management.opentelemetry.tracing.export.otlp.endpoint",
			"OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		boolean exporting = ENDPOINTS.stream().anyMatch((name) -> StringUtils.hasText(environment.getProperty(name)));
		if (!exporting && environment.getProperty("management.opentelemetry.enabled") == null) {
			environment.getPropertySources()
				.addLast(new MapPropertySource(PROPERTY_SOURCE, Map.of("management.opentelemetry.enabled", "false")));
		}
	}

	/** After the config data is loaded. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE - 10;
	}

}
