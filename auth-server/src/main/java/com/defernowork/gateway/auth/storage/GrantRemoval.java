package com.defernowork.gateway.auth.storage;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.stereotype.Component;

/**
 * Ends a grant, or one access token of it, from outside the token endpoint's grants (a
 * revocation, a disconnect) holding its lock ({@link GrantLocks}), so that a refresh or a
 * code redemption in progress cannot save it back once it is gone: the change waits for
 * it, or finds nothing. A grant whose lock cannot be had in time is changed anyway:
 * ending access must not fail because the grant is busy.
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
		holding(grant.getId(), () -> this.authorizations.remove(grant));
	}

	/**
	 * Ends the access token {@code value} of the grant {@code grantId} alone, as it is
	 * when the lock is had: a grant refreshed meanwhile is not saved back as it was, and
	 * one removed meanwhile (by a removal that could not wait for the lock) not at all.
	 */
	public void invalidateAccessToken(String grantId, String value) {
		holding(grantId, () -> {
			OAuth2Authorization current = this.authorizations.findByToken(value, OAuth2TokenType.ACCESS_TOKEN);
			if (current != null) {
				this.authorizations.save(StoredGrantMark
					.onlyIfStored(OAuth2Authorization.from(current).invalidate(current.getAccessToken().getToken()))
					.build());
			}
		});
	}

	private void holding(String grantId, Runnable work) {
		// the work reads the grant itself, so once more reads what changed it meanwhile
		// (a rotation that outlived its lease, or one let in while the lock was busy)
		Runnable reread = () -> {
			try {
				work.run();
			}
			catch (GrantChangedException ex) {
				work.run();
			}
		};
		try {
			this.locks.withLock(grantId, () -> {
				reread.run();
				return null;
			});
		}
		catch (GrantBusyException ex) {
			reread.run();
		}
	}

}
