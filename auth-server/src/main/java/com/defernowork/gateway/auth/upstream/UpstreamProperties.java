package com.defernowork.gateway.auth.upstream;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the auth server signs people in through Deferno ({@code auth.upstream.*}; env names in
 * {@code upstream.properties}). {@code connector} is {@code deferno} (native OAuth) or {@code oidc}.
 */
@ConfigurationProperties("auth.upstream")
record UpstreamProperties(String connector, String defernoBaseUrl, String defernoClientId, String clientName,
		String oidcIssuer, String oidcClientId, String oidcClientSecret, String internalSharedSecret,
		Duration connectTimeout, Duration readTimeout) {

	UpstreamProperties {
		connector = (connector == null || connector.isBlank()) ? "deferno" : connector.trim();
		defernoBaseUrl = stripSlash((defernoBaseUrl == null || defernoBaseUrl.isBlank()) ? "http://127.0.0.1:3000/api"
				: defernoBaseUrl.trim());
		clientName = (clientName == null || clientName.isBlank()) ? "Deferno MCP gateway" : clientName;
		connectTimeout = (connectTimeout != null) ? connectTimeout : Duration.ofSeconds(3);
		readTimeout = (readTimeout != null) ? readTimeout : Duration.ofSeconds(10);
	}

	private static String stripSlash(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

}
