package com.defernowork.gateway.auth.exchange;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.defernowork.gateway.auth.config.AllowedResources;
import com.defernowork.gateway.auth.storage.GrantRemoval;
import com.defernowork.gateway.auth.vault.DefernoCredential;
import com.defernowork.gateway.auth.vault.TokenVault;
import com.defernowork.gateway.auth.vault.VaultBoundAuthorizationService;
import com.defernowork.gateway.model.exchange.TokenExchange;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Token exchange for the resource server only (wiring.md): an active MCP access token
 * bound to one of our resources → the Deferno token vaulted for its grant, expiring no
 * later than the MCP token. A grant whose vault entry is gone (lost from the store: the
 * grant's removal takes its tokens first) can never give one again, and is removed: the
 * resource server tells the client to refresh or sign in again, and the refresh then
 * fails rather than issuing tokens for the same missing entry. An entry there but not
 * readable with this server's keys (a key rotation under way) ends nothing.
 */
final class DefernoTokenExchangeAuthenticationProvider implements AuthenticationProvider {

	private final OAuth2AuthorizationService authorizations;

	private final TokenVault vault;

	private final GrantRemoval removal;

	private final String resourceServerClientId;

	private final AllowedResources resources;

	private final Clock clock;

	DefernoTokenExchangeAuthenticationProvider(OAuth2AuthorizationService authorizations, TokenVault vault,
			GrantRemoval removal, String resourceServerClientId, AllowedResources resources, Clock clock) {
		this.authorizations = authorizations;
		this.vault = vault;
		this.removal = removal;
		this.resourceServerClientId = resourceServerClientId;
		this.resources = resources;
		this.clock = clock;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		DefernoTokenExchangeAuthenticationToken request = (DefernoTokenExchangeAuthenticationToken) authentication;
		OAuth2ClientAuthenticationToken client = authenticatedClient(request);
		RegisteredClient registeredClient = client.getRegisteredClient();
		if (registeredClient == null || !this.resourceServerClientId.equals(registeredClient.getClientId())) {
			throw error(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT, "only the resource server may exchange tokens");
		}
		if (!TokenExchange.ACCESS_TOKEN_TYPE.equals(request.getSubjectTokenType())) {
			throw error(OAuth2ErrorCodes.INVALID_REQUEST,
					"subject_token_type must be " + TokenExchange.ACCESS_TOKEN_TYPE);
		}
		if (request.getRequestedTokenType() != null
				&& !TokenExchange.DEFERNO_TOKEN_TYPE.equals(request.getRequestedTokenType())) {
			throw error(OAuth2ErrorCodes.INVALID_REQUEST,
					"requested_token_type must be " + TokenExchange.DEFERNO_TOKEN_TYPE);
		}
		if (request.getResource() != null && this.resources.resolve(request.getResource()).isEmpty()) {
			// RFC 8693 §2.2.2
			throw error(AllowedResources.INVALID_TARGET, "resource is not one this authorization server serves");
		}
		OAuth2Authorization authorization = this.authorizations.findByToken(request.getSubjectToken(),
				OAuth2TokenType.ACCESS_TOKEN);
		OAuth2Authorization.Token<OAuth2AccessToken> accessToken = (authorization != null)
				? authorization.getAccessToken() : null;
		if (accessToken == null || !accessToken.isActive()
				|| !accessToken.getToken().getTokenValue().equals(request.getSubjectToken())) {
			// RFC 8693 §2.2.2: a subject token invalid or unacceptable for any reason is
			// invalid_request (Spring's own exchange answers invalid_grant), told apart
			// from a fault in the request by its error_uri
			throw subjectTokenRefused("subject_token is not an active access token");
		}
		if (!boundToResource(accessToken, request.getResource())) {
			throw subjectTokenRefused("subject_token is not bound to this resource");
		}
		Optional<DefernoCredential> credential = this.vault.forGrant(authorization.getId());
		if (credential.isEmpty()) {
			if (lostItsEntry(authorization, request.getSubjectToken())) {
				VaultBoundAuthorizationService.warnSignInLost(authorization);
				this.removal.remove(authorization);
				throw subjectTokenRefused("no Deferno sign-in is held for this grant any more (lost from the "
						+ "gateway's store); the grant is revoked: authorize again, signing in to Deferno");
			}
			throw subjectTokenRefused("no Deferno credential is held for this grant");
		}
		return new OAuth2AccessTokenAuthenticationToken(registeredClient, client,
				defernoToken(credential.get(), accessToken.getToken()), null,
				Map.of("issued_token_type", TokenExchange.DEFERNO_TOKEN_TYPE));
	}

	/**
	 * The grant's entry is gone while the grant, read again, still holds this token: lost
	 * from the store. Not so when a revocation or a replay took the grant's tokens (and
	 * its entry) since the first read, nor for a grant of no Deferno sign-in (which never
	 * had one).
	 */
	private boolean lostItsEntry(OAuth2Authorization authorization, String subjectToken) {
		if (VaultBoundAuthorizationService.signInHandle(authorization) == null
				|| this.vault.hasGrant(authorization.getId())) {
			return false;
		}
		OAuth2Authorization current = this.authorizations.findByToken(subjectToken, OAuth2TokenType.ACCESS_TOKEN);
		OAuth2Authorization.Token<OAuth2AccessToken> token = (current != null) ? current.getAccessToken() : null;
		return token != null && token.isActive() && current.getId().equals(authorization.getId());
	}

	private OAuth2AccessToken defernoToken(DefernoCredential credential, OAuth2AccessToken subject) {
		Instant now = this.clock.instant();
		Instant expiresAt = subject.getExpiresAt();
		if (credential.expiresAt() != null && (expiresAt == null || credential.expiresAt().isBefore(expiresAt))) {
			expiresAt = credential.expiresAt();
		}
		if (expiresAt != null && !expiresAt.isAfter(now)) {
			throw subjectTokenRefused("the Deferno credential of this grant has expired");
		}
		return new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, credential.token(), now, expiresAt);
	}

	/**
	 * The token's audience must contain the requested resource, or one of ours when none
	 * is named.
	 */
	private boolean boundToResource(OAuth2Authorization.Token<OAuth2AccessToken> token, String resource) {
		Map<String, Object> claims = token.getClaims();
		Object aud = (claims != null) ? claims.get("aud") : null;
		Collection<?> audiences = (aud instanceof Collection<?> many) ? many : (aud != null) ? List.of(aud) : List.of();
		List<String> audience = audiences.stream().map(String::valueOf).toList();
		if (resource != null) {
			// normalised like the authorize request (trailing slash, case of scheme and
			// host)
			return this.resources.resolve(resource).filter(audience::contains).isPresent();
		}
		return audience.stream().anyMatch((value) -> this.resources.resolve(value).filter(value::equals).isPresent());
	}

	private static OAuth2ClientAuthenticationToken authenticatedClient(Authentication request) {
		if (request.getPrincipal() instanceof OAuth2ClientAuthenticationToken client && client.isAuthenticated()) {
			return client;
		}
		throw error(OAuth2ErrorCodes.INVALID_CLIENT, "client authentication is required");
	}

	private static OAuth2AuthenticationException error(String code, String description) {
		return new OAuth2AuthenticationException(new OAuth2Error(code, description, null));
	}

	/** The resource server asks the person to sign in again for these only. */
	private static OAuth2AuthenticationException subjectTokenRefused(String description) {
		return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, description,
				TokenExchange.SUBJECT_TOKEN_REFUSED_URI));
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return DefernoTokenExchangeAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
