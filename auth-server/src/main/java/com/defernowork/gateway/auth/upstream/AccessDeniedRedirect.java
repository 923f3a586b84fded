package com.defernowork.gateway.auth.upstream;

import java.util.Optional;

import com.defernowork.gateway.auth.config.RedirectUris;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * When the person cancels at Deferno, the MCP client that asked gets
 * {@code access_denied} (RFC 6749 §4.1.2.1, with {@code iss} per RFC 9207) — but only at
 * a redirect URI registered for that client, taken from the authorization request noted
 * in the sign-in; otherwise there is nowhere safe to send it.
 */
final class AccessDeniedRedirect {

	private final RegisteredClientRepository clients;

	private final String issuer;

	AccessDeniedRedirect(RegisteredClientRepository clients, String issuer) {
		this.clients = clients;
		this.issuer = issuer;
	}

	Optional<String> of(RequestingClient requesting) {
		return RedirectUris.accessDenied(this.clients, requesting.clientId(), requesting.redirectUri(),
				requesting.state(), this.issuer, "The user declined to sign in at Deferno");
	}

}
