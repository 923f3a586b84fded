package com.defernowork.gateway.auth.config;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code offline_access}, OpenID Connect's request for a refresh token (Core §11): every
 * client with the refresh grant gets one from this server anyway, and generic OAuth
 * clients ask for it by habit, at authorization and again at refresh. Dropped from a
 * requested scope (RFC 6749 §3.3 lets a server grant less than asked; the token response
 * names what it granted) rather than refused as unknown.
 */
public final class OfflineAccess {

	public static final String SCOPE = "offline_access";

	private OfflineAccess() {
	}

	public static boolean isAsked(Set<String> scopes) {
		return scopes.contains(SCOPE);
	}

	/** The scopes without {@code offline_access}. */
	public static Set<String> dropped(Set<String> scopes) {
		Set<String> rest = new LinkedHashSet<>(scopes);
		rest.remove(SCOPE);
		return rest;
	}

}
