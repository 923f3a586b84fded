package com.defernowork.gateway.auth.token;

import com.defernowork.gateway.auth.config.AuthProperties;
import com.defernowork.gateway.auth.config.AuthorizationServerCustomizer;
import com.defernowork.gateway.auth.storage.GrantRemoval;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenRevocationAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Revocations (RFC 7009) that end a whole grant — every token of it and, through the
 * vault binding, its Deferno token:
 * <ul>
 * <li>a client revoking its own refresh token, which is what "disconnect" means to a
 * person;</li>
 * <li>the resource server, which holds no tokens of its own, revoking the MCP access (or
 * refresh) token it was called with when Deferno rejected the grant's token, so that the
 * MCP client signs in again.</li>
 * </ul>
 * A client's own access token is left to the framework's provider (that token alone).
 */
@Component
final class GrantRevocation implements AuthenticationProvider, AuthorizationServerCustomizer {

	private final OAuth2AuthorizationService authorizations;

	private final GrantRemoval removal;

	private final String resourceServerClientId;

	@Autowired
	GrantRevocation(OAuth2AuthorizationService authorizations, GrantRemoval removal, AuthProperties properties) {
		this(authorizations, removal, properties.rsClient().id());
	}

	GrantRevocation(OAuth2AuthorizationService authorizations, GrantRemoval removal, String resourceServerClientId) {
		this.authorizations = authorizations;
		this.removal = removal;
		this.resourceServerClientId = resourceServerClientId;
	}

	@Override
	public void customize(OAuth2AuthorizationServerConfigurer authorizationServer) {
		authorizationServer.tokenRevocationEndpoint((revoke) -> revoke.authenticationProvider(this));
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2TokenRevocationAuthenticationToken request = (OAuth2TokenRevocationAuthenticationToken) authentication;
		if (!(request.getPrincipal() instanceof OAuth2ClientAuthenticationToken client) || !client.isAuthenticated()
				|| client.getRegisteredClient() == null) {
			return null;
		}
		if (this.resourceServerClientId.equals(client.getRegisteredClient().getClientId())) {
			OAuth2Authorization grant = this.authorizations.findByToken(request.getToken(), null);
			// only a token of the grant revokes it: a value that matched its
			// state or code index is not one
			OAuth2Authorization.Token<?> token = (grant != null) ? grant.getToken(request.getToken()) : null;
			if (token == null || !(token.getToken() instanceof OAuth2AccessToken
					|| token.getToken() instanceof OAuth2RefreshToken)) {
				// RFC 7009 §2.2: an unknown token is not an error
				return request;
			}
			return revoke(grant, token, client);
		}
		OAuth2Authorization grant = this.authorizations.findByToken(request.getToken(), OAuth2TokenType.REFRESH_TOKEN);
		if (grant == null || grant.getRefreshToken() == null
				|| !grant.getRegisteredClientId().equals(client.getRegisteredClient().getId())) {
			return null;
		}
		return revoke(grant, grant.getRefreshToken(), client);
	}

	private Authentication revoke(OAuth2Authorization grant, OAuth2Authorization.Token<?> token,
			OAuth2ClientAuthenticationToken client) {
		this.removal.remove(grant);
		return new OAuth2TokenRevocationAuthenticationToken(token.getToken(), client);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2TokenRevocationAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
