package com.defernowork.gateway.mcp.observe;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.http.MediaType;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import com.defernowork.gateway.mcp.catalog.ToolCallListener;
import com.defernowork.gateway.mcp.security.AuthServerHttp;
import com.defernowork.gateway.mcp.security.CachingOpaqueTokenIntrospector;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ObserveProperties.class)
class ObserveConfig {

	/**
	 * Five more tries 1 to 8 s apart (about 23 s in all), longer than a Redis failover
	 * under the auth servers, for an auth server that could not be reached or answered
	 * 5xx. A report whose answer was lost may so be recorded twice: a line too many in
	 * the activity list, where without it the calls would be missing.
	 */
	private static final RetryPolicy REPORT_RETRIES = RetryPolicy.builder()
		.maxRetries(5)
		.delay(Duration.ofSeconds(1))
		.multiplier(2)
		.maxDelay(Duration.ofSeconds(8))
		.includes(ResourceAccessException.class, HttpServerErrorException.class)
		.build();

	@Bean
	ActivityReporter activityReporter(AuthServerHttp authServer, ObserveProperties properties) {
		RestClient client = authServer.restClient();
		Consumer<List<Map<String, Object>>> sender = (calls) -> client.post()
			.uri(ActivityReporter.PATH)
			.contentType(MediaType.APPLICATION_JSON)
			.body(calls)
			.retrieve()
			.toBodilessEntity();
		return new ActivityReporter(properties.enabled() ? sender : null, properties.queueSize(),
				properties.batchSize(), properties.linger(), REPORT_RETRIES);
	}

	@Bean
	ToolCallListener toolCallRecorder(MeterRegistry registry, JsonMapper json, ActivityReporter activityReporter) {
		return new ToolCallRecorder(registry, json, activityReporter);
	}

	/**
	 * The introspection cache's hits, misses and evictions as
	 * {@code cache.gets{cache="introspection"}}.
	 */
	@Bean
	MeterBinder introspectionCacheMetrics(ObjectProvider<CachingOpaqueTokenIntrospector> introspector) {
		return (registry) -> introspector.ifAvailable((cache) -> cache.bindMetrics(registry, "introspection"));
	}

}
