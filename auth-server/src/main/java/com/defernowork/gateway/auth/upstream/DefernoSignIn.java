package com.defernowork.gateway.auth.upstream;

import com.defernowork.gateway.auth.user.DefernoAuthenticationToken;
import com.defernowork.gateway.auth.user.DefernoUser;
import com.defernowork.gateway.auth.vault.DefernoCredential;
import com.defernowork.gateway.auth.vault.TokenVault;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.authentication.OAuth2LoginAuthenticationToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Turns a finished upstream sign-in into the person's Deferno session: connector
 * {@code deferno}'s access token is the person's Deferno token already; for connector
 * {@code oidc}, Deferno mints one for the person the identity provider vouched for, told
 * which MCP client asked. The token goes into the vault; the authentication carries only
 * its handle.
 */
final class DefernoSignIn implements Converter<OAuth2LoginAuthenticationToken, OAuth2AuthenticationToken> {

	private final DefernoApi deferno;

	private final TokenVault vault;

	private final String sharedSecret;

	DefernoSignIn(DefernoApi deferno, TokenVault vault, String sharedSecret) {
		this.deferno = deferno;
		this.vault = vault;
		this.sharedSecret = sharedSecret;
	}

	@Override
	public OAuth2AuthenticationToken convert(OAuth2LoginAuthenticationToken signIn) {
		String token = signIn.getAccessToken().getTokenValue();
		DefernoUser user;
		if (signIn.getPrincipal() instanceof OidcUser person) {
			token = this.deferno.mcpSession(this.sharedSecret, person.getSubject(), username(person),
					RequestingClient.of(signIn.getAuthorizationExchange().getAuthorizationRequest()));
			user = this.deferno.me(token);
		}
		else {
			user = (DefernoUser) signIn.getPrincipal();
		}
		return new DefernoAuthenticationToken(user, this.vault.storeSignIn(new DefernoCredential(token, null)));
	}

	private static String username(OidcUser person) {
		if (person.getPreferredUsername() != null) {
			return person.getPreferredUsername();
		}
		return (person.getEmail() != null) ? person.getEmail() : person.getSubject();
	}

}
