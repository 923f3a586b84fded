package com.defernowork.gateway.auth.storage.memory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.defernowork.gateway.auth.storage.AuthorizationLifetime;
import com.defernowork.gateway.auth.storage.RotatedRefreshToken;
import com.defernowork.gateway.auth.storage.TokenIndex;
import com.defernowork.gateway.auth.storage.UserAuthorizations;

import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.util.Assert;

/**
 * Authorizations in a map, with the Redis store's semantics: entries expire with their longest-lived token
 * ({@link AuthorizationLifetime}), a rotated refresh token stays findable as a {@link RotatedRefreshToken} view
 * while its authorization lives, and the grants of one person can be listed.
 */
public final class MemoryOAuth2AuthorizationService implements OAuth2AuthorizationService, UserAuthorizations {

	private final Map<String, Stored> byId = new ConcurrentHashMap<>();

	private final AuthorizationLifetime lifetime;

	private final Clock clock;

	public MemoryOAuth2AuthorizationService(AuthorizationLifetime lifetime, Clock clock) {
		this.lifetime = lifetime;
		this.clock = clock;
	}

	@Override
	public void save(OAuth2Authorization authorization) {
		Assert.notNull(authorization, "authorization cannot be null");
		Instant now = this.clock.instant();
		purgeExpired(now);
		this.byId.compute(authorization.getId(), (id, previous) -> {
			List<RotatedRefreshToken> rotated = new ArrayList<>();
			if (previous != null) {
				rotated.addAll(previous.rotated());
				OAuth2RefreshToken old = refreshToken(previous.authorization());
				OAuth2RefreshToken next = refreshToken(authorization);
				if (old != null && (next == null || !old.getTokenValue().equals(next.getTokenValue()))) {
					rotated.add(RotatedRefreshToken.of(old, now));
				}
			}
			if (refreshToken(authorization) != null) {
				String current = refreshToken(authorization).getTokenValue();
				rotated.removeIf((token) -> token.value().equals(current));
			}
			return new Stored(authorization, this.lifetime.expiresAt(authorization, now), List.copyOf(rotated));
		});
	}

	@Override
	public void remove(OAuth2Authorization authorization) {
		Assert.notNull(authorization, "authorization cannot be null");
		this.byId.remove(authorization.getId());
	}

	@Override
	public OAuth2Authorization findById(String id) {
		Assert.hasText(id, "id cannot be empty");
		Stored stored = live(this.byId.get(id));
		return (stored != null) ? stored.authorization() : null;
	}

	@Override
	public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
		Assert.hasText(token, "token cannot be empty");
		List<TokenIndex> indexes = TokenIndex.forType(tokenType);
		for (Stored candidate : this.byId.values()) {
			Stored stored = live(candidate);
			if (stored == null) {
				continue;
			}
			for (TokenIndex index : indexes) {
				if (token.equals(index.valueOf(stored.authorization()))) {
					return stored.authorization();
				}
			}
			if (indexes.contains(TokenIndex.REFRESH_TOKEN)) {
				for (RotatedRefreshToken rotated : stored.rotated()) {
					if (rotated.value().equals(token)) {
						return rotated.viewOf(stored.authorization());
					}
				}
			}
		}
		return null;
	}

	@Override
	public List<OAuth2Authorization> findByPrincipalName(String principalName) {
		List<OAuth2Authorization> found = new ArrayList<>();
		for (Stored candidate : this.byId.values()) {
			Stored stored = live(candidate);
			if (stored != null && stored.authorization().getPrincipalName().equals(principalName)) {
				found.add(stored.authorization());
			}
		}
		return found;
	}

	private Stored live(Stored stored) {
		if (stored == null || stored.expiresAt().isAfter(this.clock.instant())) {
			return stored;
		}
		this.byId.remove(stored.authorization().getId(), stored);
		return null;
	}

	private void purgeExpired(Instant now) {
		this.byId.values().removeIf((stored) -> !stored.expiresAt().isAfter(now));
	}

	private static OAuth2RefreshToken refreshToken(OAuth2Authorization authorization) {
		OAuth2Authorization.Token<OAuth2RefreshToken> token = authorization.getRefreshToken();
		return (token != null) ? token.getToken() : null;
	}

	private record Stored(OAuth2Authorization authorization, Instant expiresAt, List<RotatedRefreshToken> rotated) {

	}

}
