package com.defernowork.gateway.auth.storage;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.stereotype.Component;

/**
 * Ends a grant from outside the token endpoint's grants (a revocation, a disconnect)
 * holding its lock ({@link GrantLocks}), so that a refresh or a code redemption in
 * progress cannot save it back once it is gone: the removal waits for it, or it finds
 * nothing. A grant whose lock cannot be had in time is removed anyway: ending access must
 * not fail because the grant is busy.
 */
@Component
public final class GrantRemoval {

	private final OAuth2AuthorizationService authorizations;

	private final GrantLocks locks;

	public GrantRemoval(OAuth2AuthorizationService authorizations, GrantLocks locks) {
		this.authorizations = authorizations;
		this.locks = locks;
	}

	public void remove(OAuth2Authorization grant) {
		try {
			this.locks.withLock(grant.getId(), () -> {
				this.authorizations.remove(grant);
				return null;
			});
		}
		catch (GrantBusyException ex) {
			this.authorizations.remove(grant);
		}
	}

}
