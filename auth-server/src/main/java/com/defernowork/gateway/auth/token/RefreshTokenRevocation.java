package com.defernowork.gateway.auth.token;

import com.defernowork.gateway.auth.config.AuthorizationServerCustomizer;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenRevocationAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * RFC 7009: a client revoking its own refresh token ends the grant (every token of it),
 * which is what a "disconnect" means to a person. Access tokens and other cases are left
 * to the framework's provider.
 */
@Component
final class RefreshTokenRevocation implements AuthenticationProvider, AuthorizationServerCustomizer {

	private final OAuth2AuthorizationService authorizations;

	RefreshTokenRevocation(OAuth2AuthorizationService authorizations) {
		this.authorizations = authorizations;
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
		OAuth2Authorization grant = this.authorizations.findByToken(request.getToken(), OAuth2TokenType.REFRESH_TOKEN);
		if (grant == null || grant.getRefreshToken() == null
				|| !grant.getRegisteredClientId().equals(client.getRegisteredClient().getId())) {
			return null;
		}
		this.authorizations.remove(grant);
		return new OAuth2TokenRevocationAuthenticationToken(grant.getRefreshToken().getToken(), client);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2TokenRevocationAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
