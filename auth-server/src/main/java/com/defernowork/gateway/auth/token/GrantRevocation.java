package com.defernowork.gateway.auth.token;

import com.defernowork.gateway.auth.audit.RevokedToken;
import com.defernowork.gateway.auth.config.AuthProperties;
import com.defernowork.gateway.auth.config.AuthorizationServerCustomizer;
import com.defernowork.gateway.auth.storage.GrantRemoval;
import com.defernowork.gateway.auth.vault.TokenVault;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenRevocationAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenRevocationAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2ErrorAuthenticationFailureHandler;
import org.springframework.stereotype.Component;

/**
 * Every revocation (RFC 7009), in place of the framework's provider. Some end a whole
 * grant — every token of it and, through the vault binding, its Deferno token:
 * <ul>
 * <li>a client revoking its own refresh token, which is what "disconnect" means to a
 * person;</li>
 * <li>the resource server, which holds no tokens of its own, revoking the MCP access (or
 * refresh) token it was called with when Deferno rejected the grant's token (on a call
 * and again at {@code /auth/me}), so that the MCP client signs in again; the sign-in the
 * grant's token came from ends too, so that signing in again means at Deferno.</li>
 * </ul>
 * A client's own access token ends alone, as with the framework's provider; another
 * client's token is refused with {@code unauthorized_client}, where the framework's
 * {@code invalid_client} would tell the client that its own credentials failed. The
 * result carries the person and whether (and, for the resource server, why) the grant
 * ended, for the audit line ({@link RevokedToken}).
 */
@Component
final class GrantRevocation implements AuthenticationProvider, AuthorizationServerCustomizer {

	private final OAuth2AuthorizationService authorizations;

	private final GrantRemoval removal;

	private final TokenVault vault;

	private final String resourceServerClientId;

	@Autowired
	GrantRevocation(OAuth2AuthorizationService authorizations, GrantRemoval removal, TokenVault vault,
			AuthProperties properties) {
		this(authorizations, removal, vault, properties.rsClient().id());
	}

	GrantRevocation(OAuth2AuthorizationService authorizations, GrantRemoval removal, TokenVault vault,
			String resourceServerClientId) {
		this.authorizations = authorizations;
		this.removal = removal;
		this.vault = vault;
		this.resourceServerClientId = resourceServerClientId;
	}

	@Override
	public void customize(OAuth2AuthorizationServerConfigurer authorizationServer) {
		// the only provider: the authentication manager would ask the framework's after a
		// refusal here, and answer with its error
		OAuth2ErrorAuthenticationFailureHandler errors = new OAuth2ErrorAuthenticationFailureHandler();
		authorizationServer.tokenRevocationEndpoint((revoke) -> revoke.authenticationProviders((providers) -> {
			providers.removeIf(OAuth2TokenRevocationAuthenticationProvider.class::isInstance);
			providers.add(0, this);
		})
			.errorResponseHandler((request, response, failure) -> errors.onAuthenticationFailure(request, response,
					ParameterDescriptions.described(request, failure))));
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2TokenRevocationAuthenticationToken request = (OAuth2TokenRevocationAuthenticationToken) authentication;
		if (!(request.getPrincipal() instanceof OAuth2ClientAuthenticationToken client) || !client.isAuthenticated()
				|| client.getRegisteredClient() == null) {
			throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
		}
		// an access or refresh token (a lookup without a type finds nothing else)
		OAuth2Authorization grant = this.authorizations.findByToken(request.getToken(), null);
		OAuth2Authorization.Token<?> token = (grant != null) ? grant.getToken(request.getToken()) : null;
		if (token == null) {
			// §2.2: an unknown token is not an error
			return request;
		}
		if (this.resourceServerClientId.equals(client.getRegisteredClient().getClientId())) {
			// the browser sign-in the grant's token came from holds the same one:
			// kept, the person's next grant would copy it, to fail again
			this.vault.deleteSignInOf(grant);
			return revoke(grant, token, client, RevokedToken.DEFERNO_REFUSED_TOKEN);
		}
		if (!grant.getRegisteredClientId().equals(client.getRegisteredClient().getId())) {
			// §2.1
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT,
					"This token was not issued to this client", null));
		}
		if (token.getToken() instanceof OAuth2RefreshToken) {
			return revoke(grant, token, client, null);
		}
		if (token.isInvalidated()) {
			// revoked before: nothing changes, and nothing is audited as revoked
			return request;
		}
		this.removal.invalidateAccessToken(grant.getId(), request.getToken());
		return revoked(token, client, new RevokedToken(grant.getPrincipalName(), false, null));
	}

	private Authentication revoke(OAuth2Authorization grant, OAuth2Authorization.Token<?> token,
			OAuth2ClientAuthenticationToken client, String reason) {
		this.removal.remove(grant);
		return revoked(token, client, new RevokedToken(grant.getPrincipalName(), true, reason));
	}

	/** With what the audit line names, which the request alone does not tell. */
	private static Authentication revoked(OAuth2Authorization.Token<?> token, OAuth2ClientAuthenticationToken client,
			RevokedToken found) {
		OAuth2TokenRevocationAuthenticationToken result = new OAuth2TokenRevocationAuthenticationToken(token.getToken(),
				client);
		result.setDetails(found);
		return result;
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2TokenRevocationAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
