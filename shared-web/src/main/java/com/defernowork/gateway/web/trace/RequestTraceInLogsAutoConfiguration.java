package com.defernowork.gateway.web.trace;

import io.micrometer.tracing.Tracer;
import jakarta.servlet.DispatcherType;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * {@link RequestTraceInLogs} and {@link TraceIdHeader} just inside the server
 * observation's filter, whose span they name.
 */
@AutoConfiguration(after = MicrometerTracingAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(Tracer.class)
public class RequestTraceInLogsAutoConfiguration {

	/** A bean, to hear of the context's close. */
	@Bean
	@ConditionalOnBean(Tracer.class)
	RequestTraceInLogs requestTraceInLogs(Tracer tracer) {
		return new RequestTraceInLogs(tracer);
	}

	@Bean
	@ConditionalOnBean(Tracer.class)
	FilterRegistrationBean<RequestTraceInLogs> requestTraceInLogsFilter(RequestTraceInLogs filter) {
		FilterRegistrationBean<RequestTraceInLogs> registration = new FilterRegistrationBean<>(filter);
		registration.setDispatcherTypes(DispatcherType.REQUEST);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
		return registration;
	}

	@Bean
	@ConditionalOnBean(Tracer.class)
	FilterRegistrationBean<TraceIdHeader> traceIdHeaderFilter(Tracer tracer) {
		FilterRegistrationBean<TraceIdHeader> registration = new FilterRegistrationBean<>(new TraceIdHeader(tracer));
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
		return registration;
	}

}
