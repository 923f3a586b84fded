package com.defernowork.gateway.auth.upstream;

import java.util.Set;

import com.defernowork.gateway.web.settings.InvalidSettingException;
import com.defernowork.gateway.web.settings.Settings;

import org.springframework.boot.context.properties.ConfigurationProperties;

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
		connector = UpstreamConnector.normalize(connector);
		if (!Set.of("deferno", "oidc").contains(connector)) {
			throw new InvalidSettingException("UPSTREAM_CONNECTOR (auth.upstream.connector)", "deferno or oidc",
					connector);
		}
		// unset (an empty variable too) is the local default; blank is refused, as by the
		// resource server
		String url = (defernoBaseUrl == null) ? "http://127.0.0.1:3000/api" : defernoBaseUrl.trim();
		// a blank one quoted as it was set
		Settings.httpUrl(url.isEmpty() ? defernoBaseUrl : url, "DEFERNO_BASE_URL (auth.upstream.deferno-base-url)");
		defernoBaseUrl = url.replaceAll("/$", "");
		clientName = (clientName == null || clientName.isBlank()) ? "Deferno MCP gateway" : clientName;
	}

}
