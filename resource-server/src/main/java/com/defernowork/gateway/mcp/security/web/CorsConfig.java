package com.defernowork.gateway.mcp.security.web;

import java.time.Duration;
import java.util.List;

import com.defernowork.gateway.mcp.security.McpSecurityProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * CORS for browser-based MCP clients (MCP Inspector's web UI): {@code /mcp} and the
 * metadata documents, for the allowed origins, exposing the headers a client must read
 * ({@code WWW-Authenticate} to find the metadata, the MCP session and protocol headers)
 * and taking the ones either protocol era sends.
 */
@Configuration(proxyBeanMethods = false)
class CorsConfig {

	@Bean
	HostOriginPolicy hostOriginPolicy(McpSecurityProperties properties) {
		return new HostOriginPolicy(properties);
	}

	@Bean
	CorsConfigurationSource corsConfigurationSource(HostOriginPolicy policy) {
		CorsConfiguration cors = new CorsConfiguration();
		cors.setAllowedOriginPatterns(policy.originPatterns());
		cors.setAllowedMethods(List.of("GET", "POST", "DELETE", "OPTIONS"));
		// the 2025-era session and stream headers, the 2026-07-28 routing headers, and
		// W3C trace context
		cors.setAllowedHeaders(
				List.of("Authorization", "Content-Type", "Accept", "Mcp-Session-Id", "Mcp-Protocol-Version",
						"Last-Event-ID", "Mcp-Method", "Mcp-Name", "traceparent", "tracestate", "baggage"));
		cors.setExposedHeaders(List.of("WWW-Authenticate", "Mcp-Session-Id", "Mcp-Protocol-Version"));
		cors.setMaxAge(Duration.ofHours(1));
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration(McpSecurityProperties.MCP_PATH, cors);
		source.registerCorsConfiguration(McpSecurityProperties.MCP_PATH + "/**", cors);
		source.registerCorsConfiguration(McpSecurityProperties.METADATA_PATH, cors);
		source.registerCorsConfiguration(McpSecurityProperties.METADATA_PATH + "/**", cors);
		return source;
	}

}
