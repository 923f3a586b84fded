package com.defernowork.gateway.auth.vault;

import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.defernowork.gateway.auth.storage.AuthorizationLifetime;
import com.defernowork.gateway.auth.storage.ForwardingAuthorizationService;
import com.defernowork.gateway.auth.storage.GrantChangedException;
import com.defernowork.gateway.auth.storage.RotatedRefreshToken;
import com.defernowork.gateway.auth.storage.SaveMarks;
import com.defernowork.gateway.auth.storage.UserAuthorizations;
import com.defernowork.gateway.auth.user.DefernoAuthenticationToken;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * The store's authorization service with each grant's Deferno token bound to it for the
 * grant's {@link AuthorizationLifetime}; removing the grant or invalidating all its
 * tokens deletes the binding. A grant with neither its own copy nor a sign-in to copy
 * from (Redis evicted or lost both) gets no tokens: a refresh or code redemption is
 * refused with {@code invalid_grant} and the grant removed, so its client signs the
 * person in again instead of refreshing into tokens every tool call refuses. A refresh
 * token known only by the grant its value names is found only when the vault's keys
 * marked it: a value never issued (a typo, a token cut short) is no reuse and must not
 * end the grant.
 */
public final class VaultBoundAuthorizationService extends ForwardingAuthorizationService implements UserAuthorizations {

	private static final Logger logger = LoggerFactory.getLogger(VaultBoundAuthorizationService.class);

	/** Why a grant that lost its Deferno token gets no more tokens. */
	public static final String SIGN_IN_LOST = "The gateway no longer holds the Deferno sign-in of this grant (lost "
			+ "from its store); the grant is revoked: authorize again, signing in to Deferno";

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
		// before the grant is written: a save cut off after it must not leave a grant
		// without its Deferno sign-in; a binding without its grant at most delays the
		// token's revocation until the binding expires
		String handle = signInHandle(authorization);
		boolean bound = this.vault.bindGrant(handle, authorization.getId(), lifetime(authorization));
		// a grant removed meanwhile is no loss: the store refuses the save below
		if (!bound && handle != null && SaveMarks.issuesTokens(authorization)
				&& findById(authorization.getId()) != null) {
			throw signInLost(authorization);
		}
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

	/** The grant is removed (the caller, a refresh or redemption, holds its lock). */
	private OAuth2AuthenticationException signInLost(OAuth2Authorization authorization) {
		warnSignInLost(authorization);
		remove(authorization);
		return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, SIGN_IN_LOST, null));
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

	public static void warnSignInLost(OAuth2Authorization authorization) {
		logger.warn(
				"A grant of {} has lost its Deferno token (its vault entry is gone: evicted by Redis, or lost in "
						+ "a failover); the grant is revoked and its client must authorize again",
				authorization.getPrincipalName());
	}

	/** The vault handle of the sign-in the grant was approved under, or null. */
	public static String signInHandle(OAuth2Authorization authorization) {
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
