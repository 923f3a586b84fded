package com.defernowork.gateway.auth.token;

import com.defernowork.gateway.auth.audit.AuditEvent;
import com.defernowork.gateway.auth.audit.CodeOfAnotherClient;
import com.defernowork.gateway.auth.config.RedirectUris;
import com.defernowork.gateway.auth.config.TokenTypes;
import com.defernowork.gateway.auth.storage.CodeRedemptionMark;
import com.defernowork.gateway.auth.storage.ForwardingAuthorizationService;
import com.defernowork.gateway.auth.storage.GrantChangedException;
import com.defernowork.gateway.auth.storage.GrantLocks;
import com.defernowork.gateway.auth.storage.TokenHashes;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.util.StringUtils;

/**
 * The framework's authorization-code grant, one redemption per grant at a time across
 * instances ({@link GrantLocks}): however many requests race with one code, one gets
 * tokens. A code presented again revokes the whole grant (RFC 6749 §4.1.2, OAuth 2.1):
 * the framework only marks its tokens invalid; this removes the authorization while still
 * holding the lock, so no racing redemption can save it back. The redemption's save is
 * marked ({@link CodeRedemptionMark}), so a redemption that outlived its lock's lease
 * saves nothing if another redemption of the code or the grant's removal came first
 * ({@link GrantChangedException}), and answers as a second use of the code.
 */
final class CodeRedemption implements AuthenticationProvider {

	private final OAuth2AuthorizationService authorizations;

	private final OAuth2TokenGenerator<? extends OAuth2Token> tokenGenerator;

	private final GrantLocks locks;

	private final ApplicationEventPublisher events;

	CodeRedemption(OAuth2AuthorizationService authorizations,
			OAuth2TokenGenerator<? extends OAuth2Token> tokenGenerator, GrantLocks locks,
			ApplicationEventPublisher events) {
		this.authorizations = authorizations;
		this.tokenGenerator = tokenGenerator;
		this.locks = locks;
		this.events = events;
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2AuthorizationCodeAuthenticationToken.class.isAssignableFrom(authentication);
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2AuthorizationCodeAuthenticationToken request = (OAuth2AuthorizationCodeAuthenticationToken) authentication;
		OAuth2Authorization found = this.authorizations.findByToken(request.getCode(), TokenTypes.CODE);
		if (found == null) {
			// no grant to lock: the framework says invalid_grant
			try {
				return framework(this.authorizations).authenticate(request);
			}
			catch (OAuth2AuthenticationException ex) {
				throw described(ex, request, null);
			}
		}
		return GrantTurns.take(this.locks, found.getId(), "Another redemption of this code is still running",
				() -> redeem(request, found));
	}

	private Authentication redeem(OAuth2AuthorizationCodeAuthenticationToken request, OAuth2Authorization found) {
		refuseIfRedirectGone(request);
		try {
			return framework(new Marking(this.authorizations, TokenHashes.hash(request.getCode())))
				.authenticate(request);
		}
		catch (OAuth2AuthenticationException ex) {
			if (OAuth2ErrorCodes.INVALID_GRANT.equals(ex.getError().getErrorCode())) {
				revokeIfReplayed(request);
			}
			throw described(ex, request, found);
		}
		catch (GrantChangedException ex) {
			// outlived its lock, and another redemption of the code (or the grant's
			// removal) came first: nothing was saved, and the code was used twice
			revokeIfReplayed(request);
			throw new OAuth2AuthenticationException(
					new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, ClientAuthenticationFailure.CODE_NOT_VALID, null),
					ex);
		}
	}

	/**
	 * A client whose metadata document no longer lists the redirect URI a code was issued
	 * for (removed, say, because that address is no longer the client's) gets no tokens
	 * for it, and the grant is removed: the code may have reached whoever holds that
	 * address now. Read under the lock, so a racing redemption sees what this one did.
	 */
	private void refuseIfRedirectGone(OAuth2AuthorizationCodeAuthenticationToken request) {
		OAuth2Authorization current = this.authorizations.findByToken(request.getCode(), TokenTypes.CODE);
		OAuth2AuthorizationRequest authorized = (current != null)
				? current.getAttribute(OAuth2AuthorizationRequest.class.getName()) : null;
		OAuth2Authorization.Token<OAuth2AuthorizationCode> code = (current != null)
				? current.getToken(OAuth2AuthorizationCode.class) : null;
		// a code used before goes on to the framework, whose answer revokes the grant
		if (code != null && code.isActive() && authorized != null && StringUtils.hasText(authorized.getRedirectUri())
				&& request.getPrincipal() instanceof OAuth2ClientAuthenticationToken client
				&& client.getRegisteredClient() != null
				&& client.getRegisteredClient().getClientId().equals(authorized.getClientId())
				&& !RedirectUris.matches(client.getRegisteredClient(), authorized.getRedirectUri())) {
			this.authorizations.remove(current);
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT,
					"The client no longer lists the redirect_uri this code was issued for; authorize again", null));
		}
	}

	/**
	 * The provider the framework's configurer builds, with nothing else set on it: its
	 * one setting, a session registry, serves OpenID Connect's ID tokens, which this
	 * server does not issue.
	 */
	private AuthenticationProvider framework(OAuth2AuthorizationService store) {
		return new OAuth2AuthorizationCodeAuthenticationProvider(store, this.tokenGenerator);
	}

	/**
	 * The framework refuses a code with {@code invalid_grant} alone: say whether the
	 * redirect URI differs or the code is spent. A code of another client reads as not
	 * valid, which tells that client nothing about it; its audit line names the code's
	 * client ({@link CodeOfAnotherClient}).
	 */
	private static OAuth2AuthenticationException described(OAuth2AuthenticationException ex,
			OAuth2AuthorizationCodeAuthenticationToken request, OAuth2Authorization found) {
		if (!OAuth2ErrorCodes.INVALID_GRANT.equals(ex.getError().getErrorCode())
				|| ex.getError().getDescription() != null) {
			return ex;
		}
		OAuth2AuthorizationRequest authorized = (found != null)
				? found.getAttribute(OAuth2AuthorizationRequest.class.getName()) : null;
		boolean ownCode = authorized != null && request.getPrincipal() instanceof OAuth2ClientAuthenticationToken client
				&& client.getRegisteredClient() != null
				&& client.getRegisteredClient().getClientId().equals(authorized.getClientId());
		String description = (ownCode && StringUtils.hasText(authorized.getRedirectUri())
				&& !authorized.getRedirectUri().equals(request.getRedirectUri()))
						? "redirect_uri must be the one of the authorization request that issued this code "
								+ "(RFC 6749 section 4.1.3)"
						: ClientAuthenticationFailure.CODE_NOT_VALID;
		OAuth2Error error = new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, description, ex.getError().getUri());
		return (authorized != null && !ownCode) ? new CodeOfAnotherClient(error, authorized.getClientId(), ex)
				: new OAuth2AuthenticationException(error, ex);
	}

	private void revokeIfReplayed(OAuth2AuthorizationCodeAuthenticationToken request) {
		OAuth2Authorization authorization = this.authorizations.findByToken(request.getCode(), TokenTypes.CODE);
		OAuth2Authorization.Token<OAuth2AuthorizationCode> used = (authorization != null)
				? authorization.getToken(OAuth2AuthorizationCode.class) : null;
		if (used == null || !used.isInvalidated()) {
			return;
		}
		this.authorizations.remove(authorization);
		String presentedBy = (request.getPrincipal() instanceof OAuth2ClientAuthenticationToken client
				&& client.getRegisteredClient() != null) ? client.getRegisteredClient().getClientId() : null;
		OAuth2AuthorizationRequest authorized = authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
		String owner = (authorized != null) ? authorized.getClientId() : presentedBy;
		// another client's code: the framework spent it at once; not a second use, and
		// the grant is its owner's
		AuditEvent event = (owner != null && !owner.equals(presentedBy))
				? AuditEvent.of(AuditEvent.CODE_OF_ANOTHER_CLIENT, authorization.getPrincipalName(), owner)
					.with("presented_by", presentedBy)
				: AuditEvent.of(AuditEvent.CODE_REPLAY, authorization.getPrincipalName(), presentedBy);
		this.events.publishEvent(event.with("grant_revoked", true));
	}

	/**
	 * The store as the framework's code provider sees it: the save that hands out the
	 * grant's first access token is marked as this code's redemption (a save of a code
	 * presented again only invalidates tokens, and is not).
	 */
	private static final class Marking extends ForwardingAuthorizationService {

		private final String codeHash;

		Marking(OAuth2AuthorizationService target, String codeHash) {
			super(target);
			this.codeHash = codeHash;
		}

		@Override
		public void save(OAuth2Authorization authorization) {
			OAuth2Authorization.Token<?> access = authorization.getAccessToken();
			super.save((access != null && !access.isInvalidated()) ? OAuth2Authorization.from(authorization)
				.attribute(CodeRedemptionMark.ATTRIBUTE, new CodeRedemptionMark(this.codeHash))
				.build() : authorization);
		}

	}

}
