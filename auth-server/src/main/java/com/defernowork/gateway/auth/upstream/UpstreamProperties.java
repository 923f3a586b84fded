package com.defernowork.gateway.auth.upstream;

import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;

/**
 * How the auth server signs people in through Deferno ({@code auth.upstream.*}; env names
 * in {@code upstream.properties}, with the HTTP client's timeouts). {@code connector} is
 * {@code deferno} (native OAuth) or {@code oidc}; it is also the id of the upstream's
 * client registration.
 */
@ConfigurationProperties("auth.upstream")
record UpstreamProperties(String connector, String defernoBaseUrl, String defernoClientId, String clientName,
		String oidcIssuer, String oidcClientId, String oidcClientSecret, String internalSharedSecret) {

	UpstreamProperties {
		connector = (connector == null || connector.isBlank()) ? "deferno" : connector.trim();
		Assert.isTrue(Set.of("deferno", "oidc").contains(connector), "UPSTREAM_CONNECTOR must be deferno or oidc");
		defernoBaseUrl = stripSlash((defernoBaseUrl == null || defernoBaseUrl.isBlank()) ? "http://127.0.0.1:3000/api"
				: defernoBaseUrl.trim());
		clientName = (clientName == null || clientName.isBlank()) ? "Deferno MCP gateway" : clientName;
	}

	private static String stripSlash(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

}
