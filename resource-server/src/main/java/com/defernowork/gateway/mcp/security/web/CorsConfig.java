package com.defernowork.gateway.mcp.security.web;

import java.time.Duration;
import java.util.List;

import com.defernowork.gateway.mcp.security.McpSecurityProperties;

import com.defernowork.gateway.web.trace.TraceIdHeader;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * CORS for browser-based MCP clients (MCP Inspector's web UI): {@code /mcp} and the
 * metadata documents (GET), for the allowed origins; {@code /mcp} takes the headers
 * either protocol era sends and exposes {@code WWW-Authenticate}, which a client reads to
 * find the metadata, and {@code X-Trace-Id}.
 */
@Configuration(proxyBeanMethods = false)
class CorsConfig {

	@Bean
	HostOriginPolicy hostOriginPolicy(McpSecurityProperties properties) {
		return new HostOriginPolicy(properties);
	}

	@Bean
	CorsConfigurationSource corsConfigurationSource(HostOriginPolicy policy) {
		CorsConfiguration mcp = new CorsConfiguration();
		mcp.setAllowedOriginPatterns(policy.originPatterns());
		// GET and HEAD too, though they are answered 405 (there is no stream): a browser
		// client such as the TypeScript SDK tries a GET after initializing and takes a
		// 405 in its stride, but a refused preflight or an unreadable answer as a
		// network error; no DELETE, there is no session
		mcp.setAllowedMethods(List.of("GET", "HEAD", "POST", "OPTIONS"));
		// what either protocol era's clients send (a 2025-era client may still send a
		// session or stream header), the 2026-07-28 routing headers, W3C trace context
		mcp.setAllowedHeaders(
				List.of("Authorization", "Content-Type", "Accept", "Mcp-Session-Id", "Mcp-Protocol-Version",
						"Last-Event-ID", "Mcp-Method", "Mcp-Name", "traceparent", "tracestate", "baggage"));
		// what a client must read: the challenge, and when to come back after a 503 (no
		// session id is ever sent); and the trace an operator finds the request's log
		// lines by (TraceIdHeader)
		mcp.setExposedHeaders(List.of("WWW-Authenticate", "Retry-After", TraceIdHeader.NAME));
		mcp.setMaxAge(Duration.ofHours(1));
		CorsConfiguration metadata = new CorsConfiguration();
		metadata.setAllowedOriginPatterns(policy.originPatterns());
		metadata.setAllowedMethods(List.of("GET", "HEAD", "OPTIONS"));
		metadata.setAllowedHeaders(List.of("Accept", "Mcp-Protocol-Version"));
		metadata.setMaxAge(Duration.ofHours(1));
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration(McpSecurityProperties.MCP_PATH, mcp);
		source.registerCorsConfiguration(McpSecurityProperties.MCP_PATH + "/**", mcp);
		source.registerCorsConfiguration(McpSecurityProperties.METADATA_PATH, metadata);
		source.registerCorsConfiguration(McpSecurityProperties.METADATA_PATH + "/**", metadata);
		return source;
	}

}
