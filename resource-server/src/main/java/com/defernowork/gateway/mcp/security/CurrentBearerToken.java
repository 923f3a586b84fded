package com.defernowork.gateway.mcp.security;

import java.time.Instant;
import java.util.Optional;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;

/**
 * The MCP access token the current request was authenticated with (opaque or JWT), read
 * from the security context on the servlet thread.
 *
 * @param value the token as the client sent it
 * @param expiresAt when it expires, if known
 */
public record CurrentBearerToken(String value, Instant expiresAt) {

	public static Optional<CurrentBearerToken> get() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof AbstractOAuth2TokenAuthenticationToken<?> bearer) {
			OAuth2Token token = bearer.getToken();
			return Optional.of(new CurrentBearerToken(token.getTokenValue(), token.getExpiresAt()));
		}
		return Optional.empty();
	}

}
