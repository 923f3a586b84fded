package com.defernowork.gateway.auth.exchange;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenRevocationAuthenticationToken;

/**
 * Revocation by the resource server, which holds no tokens of its own: when Deferno
 * rejects a grant's stored token, the resource server revokes the MCP access token it was
 * called with, and that removes the whole grant (its tokens and, through the vault
 * binding, its Deferno token), so the MCP client signs in again. Requests of any other
 * client fall through to the framework's provider (only their own tokens, one at a time).
 */
final class ResourceServerRevocationAuthenticationProvider implements AuthenticationProvider {

	private final OAuth2AuthorizationService authorizations;

	private final String resourceServerClientId;

	ResourceServerRevocationAuthenticationProvider(OAuth2AuthorizationService authorizations,
			String resourceServerClientId) {
		this.authorizations = authorizations;
		this.resourceServerClientId = resourceServerClientId;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2TokenRevocationAuthenticationToken revocation = (OAuth2TokenRevocationAuthenticationToken) authentication;
		if (!(revocation.getPrincipal() instanceof OAuth2ClientAuthenticationToken client) || !client.isAuthenticated()
				|| client.getRegisteredClient() == null
				|| !this.resourceServerClientId.equals(client.getRegisteredClient().getClientId())) {
			return null;
		}
		OAuth2Authorization authorization = this.authorizations.findByToken(revocation.getToken(), null);
		// only a token of the grant revokes it: a value that matched its state or code
		// index is not one
		OAuth2Authorization.Token<?> token = (authorization != null) ? authorization.getToken(revocation.getToken())
				: null;
		if (token == null
				|| !(token.getToken() instanceof OAuth2AccessToken || token.getToken() instanceof OAuth2RefreshToken)) {
			// RFC 7009 §2.2: an unknown token is not an error
			return revocation;
		}
		this.authorizations.remove(authorization);
		return new OAuth2TokenRevocationAuthenticationToken(token.getToken(), client);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2TokenRevocationAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
