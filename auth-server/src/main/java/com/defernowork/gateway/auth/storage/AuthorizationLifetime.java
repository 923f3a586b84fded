package com.defernowork.gateway.auth.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;

/**
 * How long a stored authorization (and its indexes) lives: until its longest-lived token
 * expires. An authorization without tokens (a request waiting for sign-in or consent)
 * lives {@code auth.pending-authorization-ttl}. One whose tokens have all expired is
 * still kept a minute, so that the save that marks it (e.g. a revocation) can be read
 * back by the request that made it.
 */
public final class AuthorizationLifetime {

	static final Duration MINIMUM = Duration.ofMinutes(1);

	private final Duration pending;

	public AuthorizationLifetime(Duration pending) {
		this.pending = pending;
	}

	public Instant expiresAt(OAuth2Authorization authorization, Instant now) {
		Instant latest = Stream
			.of(authorization.getToken(OAuth2AuthorizationCode.class), authorization.getToken(OAuth2AccessToken.class),
					authorization.getToken(OAuth2RefreshToken.class), authorization.getToken(OidcIdToken.class))
			.filter((token) -> token != null && token.getToken().getExpiresAt() != null)
			.map((token) -> token.getToken().getExpiresAt())
			.max(Instant::compareTo)
			.orElse(null);
		if (latest == null) {
			boolean hasTokens = authorization.getRefreshToken() != null || authorization.getAccessToken() != null;
			// a refresh token without expiry: the longest anything may live
			return hasTokens ? now.plus(Duration.ofDays(365)) : now.plus(this.pending);
		}
		Instant floor = now.plus(MINIMUM);
		return latest.isAfter(floor) ? latest : floor;
	}

}
