package com.defernowork.gateway.mcp.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

import com.defernowork.gateway.mcp.catalog.ToolCallListener;
import com.defernowork.gateway.mcp.security.AuthServerHttp;
import com.defernowork.gateway.mcp.security.CachingOpaqueTokenIntrospector;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ObserveProperties.class)
class ObserveConfig {

	@Bean
	ActivityReporter activityReporter(AuthServerHttp authServer, ObserveProperties properties) {
		return new ActivityReporter(properties.enabled() ? authServer.restClient() : null, properties.queueSize());
	}

	@Bean
	ToolCallListener toolCallRecorder(MeterRegistry registry, JsonMapper json, ActivityReporter activityReporter) {
		return new ToolCallRecorder(registry, json, activityReporter);
	}

	/** The introspection cache's hits, misses and evictions as {@code cache.gets{cache="introspection"}}. */
	@Bean
	MeterBinder introspectionCacheMetrics(ObjectProvider<CachingOpaqueTokenIntrospector> introspector) {
		return (registry) -> introspector.ifAvailable((cache) -> cache.bindMetrics(registry, "introspection"));
	}

	/**
	 * The actuator: health and the Prometheus scrape are open (on the management port when
	 * {@code management.server.port} is set, which the proxy never routes), every other endpoint is refused.
	 */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SecurityFilterChain managementSecurityFilterChain(HttpSecurity http) throws Exception {
		// @formatter:off
		http
			.securityMatcher(EndpointRequest.toAnyEndpoint())
			.authorizeHttpRequests((authorize) -> authorize
				.requestMatchers(EndpointRequest.to("health", "prometheus")).permitAll()
				.anyRequest().denyAll())
			.csrf((csrf) -> csrf.disable())
			.requestCache((cache) -> cache.disable())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		// @formatter:on
		return http.build();
	}

}
