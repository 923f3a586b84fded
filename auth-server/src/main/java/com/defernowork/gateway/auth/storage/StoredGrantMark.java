package com.defernowork.gateway.auth.storage;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;

/**
 * Marks a save that changes a stored grant and must never bring back one that is gone:
 * ending one access token from outside the token endpoint, whose grant a removal that
 * could not wait for the lock may have ended meanwhile. Put on by whoever saves (the
 * stores never keep it).
 *
 * <p>
 * <b>Contract of both stores</b>: a save carrying {@link #ATTRIBUTE} is refused with
 * {@link GrantChangedException}, writing nothing, when no grant of its id is stored.
 */
public final class StoredGrantMark {

	public static final String ATTRIBUTE = "gateway.stored_grant_only";

	private StoredGrantMark() {
	}

	static OAuth2Authorization.Builder onlyIfStored(OAuth2Authorization.Builder authorization) {
		return authorization.attribute(ATTRIBUTE, Boolean.TRUE);
	}

	public static boolean isMarked(OAuth2Authorization saving) {
		return Boolean.TRUE.equals(saving.getAttribute(ATTRIBUTE));
	}

}
