package com.defernowork.gateway.auth.security;

import java.util.List;

import com.defernowork.gateway.web.trace.TraceIdHeader;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * CORS for browser-based MCP clients (MCP Inspector's web UI): the discovery documents
 * and the JSON endpoints they call. Never the authorization endpoint or an HTML page, so
 * no page can be read cross-origin.
 */
@Configuration(proxyBeanMethods = false)
class CorsConfig {

	@Bean
	CorsConfigurationSource corsConfigurationSource() {
		CorsConfiguration api = new CorsConfiguration();
		api.setAllowedOrigins(List.of(CorsConfiguration.ALL));
		// any method: one an endpoint does not take gets its own 405 naming those it does
		// (ClientEndpointMethods), readable cross-origin, not a bare "Invalid CORS
		// request"
		api.setAllowedMethods(List.of(CorsConfiguration.ALL));
		// W3C trace context too, which this server joins: a page instrumented for tracing
		// sends it, and a preflight refusing it would fail the request outright
		api.setAllowedHeaders(List.of("Authorization", "Content-Type", "Accept", "MCP-Protocol-Version", "traceparent",
				"tracestate", "baggage"));
		// when to come back after a 503 (Redis away) or 429, and the trace an operator
		// finds the request's log lines by (TraceIdHeader)
		api.setExposedHeaders(List.of("Retry-After", TraceIdHeader.NAME));
		api.setMaxAge(3600L);
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		for (String path : List.of("/.well-known/**", "/oauth2/register", "/oauth2/token", "/oauth2/revoke",
				"/oauth2/jwks")) {
			source.registerCorsConfiguration(path, api);
		}
		return source;
	}

}
