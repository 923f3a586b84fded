package com.defernowork.gateway.auth.storage.memory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.defernowork.gateway.auth.storage.AuthorizationLifetime;
import com.defernowork.gateway.auth.storage.GrantChangedException;
import com.defernowork.gateway.auth.storage.RefreshReplay;
import com.defernowork.gateway.auth.storage.RotatedRefreshToken;
import com.defernowork.gateway.auth.storage.SaveMarks;
import com.defernowork.gateway.auth.storage.TokenHashes;
import com.defernowork.gateway.auth.storage.TokenIndex;
import com.defernowork.gateway.auth.storage.UserAuthorizations;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.util.Assert;

/**
 * Authorizations in a map, with the Redis store's semantics: token values kept as hashes
 * only ({@link TokenHashes}), entries expire with their longest-lived token
 * ({@link AuthorizationLifetime}), a rotated refresh token stays findable as a
 * {@link RotatedRefreshToken} view until it expires, a {@link RefreshReplay} lives for
 * its window only, a rotation or a code redemption that would undo another change is
 * refused, and the grants of one person can be listed.
 */
public final class MemoryOAuth2AuthorizationService implements OAuth2AuthorizationService, UserAuthorizations {

	private final Map<String, Stored> byId = new ConcurrentHashMap<>();

	/** Token hash (current or rotated) → authorization id, checked on every read. */
	private final Map<String, String> byHash = new ConcurrentHashMap<>();

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
		OAuth2Authorization atRest = OAuth2Authorization.from(TokenHashes.atRest(authorization))
			.attributes(SaveMarks::removeFrom)
			.build();
		RefreshReplay replay = RefreshReplay.of(authorization, now);
		Stored before = this.byId.get(authorization.getId());
		Stored saved = this.byId.compute(authorization.getId(), (id, previous) -> {
			Map<TokenIndex, String> held = (previous != null) ? TokenIndex.hashesOf(previous.authorization())
					: Map.of();
			GrantChangedException.refuseOverwrite(authorization, held, previous != null);
			String current = TokenIndex.REFRESH_TOKEN.hashOf(atRest);
			// in the order they were rotated
			Map<String, RotatedRefreshToken> rotated = new LinkedHashMap<>();
			RefreshReplay keptReplay = replay;
			if (previous != null) {
				rotated.putAll(previous.rotated());
				String old = held.get(TokenIndex.REFRESH_TOKEN);
				if (old != null && !old.equals(current)) {
					RotatedRefreshToken replaced = RotatedRefreshToken
						.of(previous.authorization().getRefreshToken().getToken(), now);
					rotated.put(replaced.hash(), replaced);
				}
				if (keptReplay == null && previous.replay() != null && previous.replay().isLiveAt(now)) {
					keptReplay = previous.replay();
				}
			}
			if (current != null) {
				rotated.remove(current);
			}
			forgetAllButTheLatest(rotated);
			return new Stored(atRest, this.lifetime.expiresAt(authorization, now), Collections.unmodifiableMap(rotated),
					keptReplay);
		});
		Map<TokenIndex, String> current = TokenIndex.hashesOf(saved.authorization());
		current.values().forEach((hash) -> this.byHash.put(hash, authorization.getId()));
		saved.rotated().keySet().forEach((hash) -> this.byHash.put(hash, authorization.getId()));
		if (before != null) {
			// replaced values (an old access token, the state) no longer find anything
			TokenIndex.hashesOf(before.authorization()).forEach((index, hash) -> {
				if (!hash.equals(current.get(index)) && !saved.rotated().containsKey(hash)) {
					this.byHash.remove(hash, authorization.getId());
				}
			});
			before.rotated().keySet().forEach((hash) -> {
				if (!saved.rotated().containsKey(hash) && !current.containsValue(hash)) {
					this.byHash.remove(hash, authorization.getId());
				}
			});
		}
	}

	private static void forgetAllButTheLatest(Map<String, RotatedRefreshToken> rotated) {
		Iterator<String> oldestFirst = rotated.keySet().iterator();
		for (int extra = rotated.size() - RotatedRefreshToken.REMEMBERED; extra > 0; extra--) {
			oldestFirst.next();
			oldestFirst.remove();
		}
	}

	@Override
	public void remove(OAuth2Authorization authorization) {
		Assert.notNull(authorization, "authorization cannot be null");
		this.byId.remove(authorization.getId());
		this.byHash.values().removeIf(authorization.getId()::equals);
	}

	@Override
	public OAuth2Authorization findById(String id) {
		Assert.hasText(id, "id cannot be empty");
		Stored stored = live(this.byId.get(id));
		return (stored != null) ? stored.withReplay(this.clock.instant()) : null;
	}

	@Override
	public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
		Assert.hasText(token, "token cannot be empty");
		String hash = TokenHashes.hash(token);
		String id = this.byHash.get(hash);
		Stored stored = (id != null) ? live(this.byId.get(id)) : null;
		Instant now = this.clock.instant();
		List<TokenIndex> indexes = TokenIndex.forType(tokenType);
		if (stored == null) {
			return indexes.contains(TokenIndex.REFRESH_TOKEN)
					? RotatedRefreshToken.forgottenViewOf(token, this::findById) : null;
		}
		for (TokenIndex index : indexes) {
			if (hash.equals(index.hashOf(stored.authorization()))) {
				return TokenHashes.revealed(stored.withReplay(now), token);
			}
		}
		RotatedRefreshToken rotated = stored.rotated().get(hash);
		if (indexes.contains(TokenIndex.REFRESH_TOKEN) && rotated != null
				&& (rotated.expiresAt() == null || rotated.expiresAt().isAfter(now))) {
			return rotated.viewOf(stored.withReplay(now), token);
		}
		return null;
	}

	@Override
	public List<OAuth2Authorization> findByPrincipalName(String principalName) {
		List<OAuth2Authorization> found = new ArrayList<>();
		for (Stored candidate : this.byId.values()) {
			Stored stored = live(candidate);
			if (stored != null && stored.authorization().getPrincipalName().equals(principalName)) {
				found.add(stored.withReplay(this.clock.instant()));
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
		if (this.byId.values().removeIf((stored) -> !stored.expiresAt().isAfter(now))) {
			this.byHash.values().removeIf((id) -> !this.byId.containsKey(id));
		}
	}

	/**
	 * An authorization at rest, the refresh tokens it replaced by hash, and the replay of
	 * its last rotation.
	 */
	private record Stored(OAuth2Authorization authorization, Instant expiresAt,
			Map<String, RotatedRefreshToken> rotated, RefreshReplay replay) {

		OAuth2Authorization withReplay(Instant now) {
			if (this.replay == null || !this.replay.isLiveAt(now)) {
				return this.authorization;
			}
			return OAuth2Authorization.from(this.authorization).attribute(RefreshReplay.ATTRIBUTE, this.replay).build();
		}

	}

}
