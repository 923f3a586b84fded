package com.defernowork.gateway.auth.token;

import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContext;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

/**
 * What the token endpoint's filter sets for each request thread, for the grants'
 * providers run outside it.
 */
final class LocalServerContext implements AuthorizationServerContext {

	static final AuthorizationServerContext SERVER = new LocalServerContext();

	private LocalServerContext() {
	}

	@Override
	public String getIssuer() {
		return "http://localhost:9000";
	}

	@Override
	public AuthorizationServerSettings getAuthorizationServerSettings() {
		return AuthorizationServerSettings.builder().build();
	}

}
