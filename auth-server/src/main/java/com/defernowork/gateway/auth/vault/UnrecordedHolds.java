package com.defernowork.gateway.auth.vault;

import java.time.Clock;
import java.time.Instant;

import com.defernowork.gateway.auth.storage.AuthorizationLifetime;
import com.defernowork.gateway.auth.storage.UserAuthorizations;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;

/**
 * The check under the record of who holds a token, made before it is revoked: a grant of
 * the person that still holds it through its copy, with no hold recorded (an auth server
 * of an earlier version copied or extended it, or the record's write was lost), is
 * recorded now, until the grant's end, and the token is not revoked. Revoking a token a
 * grant still uses would make its person connect the app again.
 */
final class UnrecordedHolds {

	private final UserAuthorizations grants;

	private final TokenVault vault;

	private final DefernoTokenHolders holders;

	private final AuthorizationLifetime lifetime;

	private final Clock clock;

	UnrecordedHolds(UserAuthorizations grants, TokenVault vault, DefernoTokenHolders holders,
			AuthorizationLifetime lifetime, Clock clock) {
		this.grants = grants;
		this.vault = vault;
		this.holders = holders;
		this.lifetime = lifetime;
		this.clock = clock;
	}

	/** Whether a grant of {@code user} holds the token; each such is recorded. */
	boolean recordAny(String handle, String user) {
		Instant now = this.clock.instant();
		boolean held = false;
		for (OAuth2Authorization grant : this.grants.findByPrincipalName(user)) {
			if (handle.equals(VaultBoundAuthorizationService.signInHandle(grant))
					&& this.vault.forGrant(grant.getId()).isPresent()) {
				this.holders.hold(handle, grant.getId(), this.lifetime.expiresAt(grant, now));
				held = true;
			}
		}
		return held;
	}

}
