package com.defernowork.gateway.auth.vault;

import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.defernowork.gateway.auth.storage.AuthorizationLifetime;
import com.defernowork.gateway.auth.storage.ForwardingAuthorizationService;
import com.defernowork.gateway.auth.storage.GrantChangedException;
import com.defernowork.gateway.auth.storage.RotatedRefreshToken;
import com.defernowork.gateway.auth.storage.UserAuthorizations;
import com.defernowork.gateway.auth.user.DefernoAuthenticationToken;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * The store's authorization service with each grant's Deferno token bound to it: saving a
 * grant of a person signed in through Deferno binds the sign-in's vault entry to the
 * grant for the grant's lifetime (the store's own {@link AuthorizationLifetime});
 * removing it, or invalidating all its tokens (revocation, code or refresh-token replay),
 * deletes the entry. A refresh token the store knows only by the grant its value names
 * (replaced too long ago to be remembered) is found only when the vault's keys marked it:
 * a value never issued (a client's typo, a token cut short) is no reuse of a replaced
 * one, and must not end the grant. Listing a person's grants passes straight through.
 */
public final class VaultBoundAuthorizationService extends ForwardingAuthorizationService implements UserAuthorizations {

	private final UserAuthorizations userAuthorizations;

	private final TokenVault vault;

	private final AuthorizationLifetime lifetime;

	private final Clock clock;

	public <S extends OAuth2AuthorizationService & UserAuthorizations> VaultBoundAuthorizationService(S store,
			TokenVault vault, AuthorizationLifetime lifetime, Clock clock) {
		super(store);
		this.userAuthorizations = store;
		this.vault = vault;
		this.lifetime = lifetime;
		this.clock = clock;
	}

	@Override
	public void save(OAuth2Authorization authorization) {
		if (allTokensInvalidated(authorization)) {
			super.save(authorization);
			this.vault.deleteGrant(signInHandle(authorization), authorization.getId());
			return;
		}
		// before the grant is written: a save cut off after the grant write (the
		// connection dropped, its outcome unknown to the client, who retries) must not
		// leave a grant whose Deferno sign-in is missing. A binding for a grant that then
		// is not written is found through the grant only; at most it keeps the token from
		// being revoked at Deferno until the binding expires.
		this.vault.bindGrant(signInHandle(authorization), authorization.getId(), lifetime(authorization));
		try {
			super.save(authorization);
		}
		catch (GrantChangedException ex) {
			// a rotation or redemption the grant's removal overtook: the binding above
			// copied the sign-in's token for a grant that is gone
			if (findById(authorization.getId()) == null) {
				this.vault.deleteGrant(signInHandle(authorization), authorization.getId());
			}
			throw ex;
		}
	}

	@Override
	public void remove(OAuth2Authorization authorization) {
		super.remove(authorization);
		this.vault.deleteGrant(signInHandle(authorization), authorization.getId());
	}

	@Override
	public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
		OAuth2Authorization found = super.findByToken(token, tokenType);
		return (found != null && RotatedRefreshToken.isForgotten(found) && !this.vault.isMarked(token)) ? null : found;
	}

	@Override
	public List<OAuth2Authorization> findByPrincipalName(String principalName) {
		return this.userAuthorizations.findByPrincipalName(principalName);
	}

	static String signInHandle(OAuth2Authorization authorization) {
		return (authorization.getAttribute(Principal.class.getName()) instanceof DefernoAuthenticationToken person)
				? person.getUpstreamHandle() : null;
	}

	private static boolean allTokensInvalidated(OAuth2Authorization authorization) {
		OAuth2Authorization.Token<?> access = authorization.getAccessToken();
		OAuth2Authorization.Token<?> refresh = authorization.getRefreshToken();
		if (access == null && refresh == null) {
			return false;
		}
		return (access == null || access.isInvalidated()) && (refresh == null || refresh.isInvalidated());
	}

	private Duration lifetime(OAuth2Authorization authorization) {
		Instant now = this.clock.instant();
		return Duration.between(now, this.lifetime.expiresAt(authorization, now));
	}

}
