package com.defernowork.gateway.mcp.security;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import com.defernowork.gateway.model.exchange.IntrospectionClaims;

import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.OAuth2TokenIntrospectionClaimNames;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;

/**
 * Accepts an active token only when it is an access token issued for this server: its
 * {@code aud} must contain the canonical resource URI (RFC 8707; MCP forbids accepting
 * tokens issued for another resource; a refresh token has none) and it must not be past
 * its {@code exp}.
 */
final class AudienceCheckingIntrospector implements OpaqueTokenIntrospector {

	private final OpaqueTokenIntrospector delegate;

	private final String resource;

	private final Clock clock;

	AudienceCheckingIntrospector(OpaqueTokenIntrospector delegate, String resource, Clock clock) {
		this.delegate = delegate;
		this.resource = resource;
		this.clock = clock;
	}

	@Override
	public OAuth2AuthenticatedPrincipal introspect(String token) {
		OAuth2AuthenticatedPrincipal principal = this.delegate.introspect(token);
		Collection<?> audience = audience(principal);
		if (!audience.contains(this.resource)) {
			throw new BadOpaqueTokenException(isRefreshToken(principal, audience)
					? "This is a refresh token; send the access_token of the token response, and the refresh token "
							+ "only to the token endpoint"
					: "The access token was not issued for " + this.resource
							+ "; ask the authorization server for one with resource=" + this.resource);
		}
		Instant expiresAt = principal.getAttribute(IntrospectionClaims.EXP);
		if (expiresAt != null && !expiresAt.isAfter(this.clock.instant())) {
			throw new BadOpaqueTokenException("The access token has expired");
		}
		return principal;
	}

	/**
	 * The authorization server names a token type for its access tokens alone (RFC 7662
	 * §2.2 as Spring Authorization Server answers), and its refresh tokens carry no
	 * audience: a client that mixed up the two is told which to send.
	 */
	private static boolean isRefreshToken(OAuth2AuthenticatedPrincipal principal, Collection<?> audience) {
		return audience.isEmpty() && principal.getAttribute(OAuth2TokenIntrospectionClaimNames.TOKEN_TYPE) == null;
	}

	private static Collection<?> audience(OAuth2AuthenticatedPrincipal principal) {
		Object aud = principal.getAttribute(IntrospectionClaims.AUD);
		if (aud instanceof Collection<?> values) {
			return values;
		}
		return (aud != null) ? List.of(aud.toString()) : List.of();
	}

}
