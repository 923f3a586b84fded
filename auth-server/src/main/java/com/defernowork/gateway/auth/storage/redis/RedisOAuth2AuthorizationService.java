package com.defernowork.gateway.auth.storage.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.defernowork.gateway.auth.storage.AuthorizationLifetime;
import com.defernowork.gateway.auth.storage.RotatedRefreshToken;
import com.defernowork.gateway.auth.storage.TokenIndex;
import com.defernowork.gateway.auth.storage.UserAuthorizations;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.util.Assert;

/**
 * Authorizations in Redis: one JSON document per authorization, one key per token value (state, code, access,
 * refresh, id token) pointing at it, the set of those keys, and a per-principal sorted set. Every key expires with
 * the authorization's longest-lived token ({@link AuthorizationLifetime}). A save that replaces a token deletes the
 * old token's key, except a replaced refresh token's, which stays findable until the authorization expires: see
 * {@link RotatedRefreshToken} for what {@code findByToken} returns for it. Expired or invalidated tokens stay
 * findable while the document lives; the framework checks {@code isActive()} itself.
 */
public final class RedisOAuth2AuthorizationService implements OAuth2AuthorizationService, UserAuthorizations {

	private final StringRedisTemplate redis;

	private final RegisteredClientRepository clients;

	private final RedisKeys keys;

	private final AuthorizationJson json;

	private final AuthorizationLifetime lifetime;

	private final RedisTransactions transactions;

	private final Clock clock;

	RedisOAuth2AuthorizationService(StringRedisTemplate redis, RegisteredClientRepository clients, RedisKeys keys,
			StorageJson json, AuthorizationLifetime lifetime, Clock clock) {
		this.redis = redis;
		this.clients = clients;
		this.keys = keys;
		this.json = new AuthorizationJson(json);
		this.lifetime = lifetime;
		this.transactions = new RedisTransactions(redis);
		this.clock = clock;
	}

	@Override
	public void save(OAuth2Authorization authorization) {
		Assert.notNull(authorization, "authorization cannot be null");
		Instant now = this.clock.instant();
		Instant expiresAt = this.lifetime.expiresAt(authorization, now);
		Duration ttl = Duration.between(now, expiresAt);
		String id = authorization.getId();
		String indexesKey = this.keys.authorizationIndexes(id);
		Map<String, Object> previous = readDocument(id);
		IndexChanges changes = indexChanges(authorization, previous, now);
		String previousPrincipal = (previous != null) ? AuthorizationJson.principalName(previous) : null;
		String document = this.json.write(authorization);
		String principalKey = this.keys.principal(authorization.getPrincipalName());
		this.transactions.run((ops) -> {
			ops.opsForValue().set(this.keys.authorization(id), document, ttl);
			if (!changes.delete().isEmpty()) {
				ops.delete(changes.delete());
				ops.opsForSet().remove(indexesKey, changes.delete().toArray());
			}
			changes.write().forEach((key, entry) -> ops.opsForValue().set(key, entry, ttl));
			changes.keep().forEach((key) -> ops.expire(key, ttl));
			Set<String> owned = new LinkedHashSet<>(changes.write().keySet());
			owned.addAll(changes.keep());
			if (!owned.isEmpty()) {
				ops.opsForSet().add(indexesKey, owned.toArray(String[]::new));
			}
			ops.expire(indexesKey, ttl);
			if (previousPrincipal != null && !previousPrincipal.equals(authorization.getPrincipalName())) {
				ops.opsForZSet().remove(this.keys.principal(previousPrincipal), id);
			}
			ops.opsForZSet().add(principalKey, id, expiresAt.toEpochMilli());
		});
		expirePrincipalIndex(principalKey, now);
	}

	/**
	 * Which token keys a save writes, keeps and deletes: every current token is (re)written; a refresh token the save
	 * replaces is rewritten as rotated; refresh keys rotated earlier are kept; any other key no longer current (an
	 * access token, code or state that was replaced) is deleted.
	 */
	private IndexChanges indexChanges(OAuth2Authorization authorization, Map<String, Object> previous, Instant now) {
		String id = authorization.getId();
		Map<String, String> write = new LinkedHashMap<>();
		for (TokenIndex index : TokenIndex.values()) {
			String value = index.valueOf(authorization);
			if (value != null && !value.isEmpty()) {
				TokenIndexEntry entry = (index == TokenIndex.REFRESH_TOKEN)
						? TokenIndexEntry.refresh(id, authorization.getRefreshToken().getToken())
						: TokenIndexEntry.current(id);
				write.put(this.keys.token(index, value), entry.format());
			}
		}
		OAuth2RefreshToken replaced = (previous != null) ? AuthorizationJson.refreshToken(previous) : null;
		if (replaced != null) {
			String key = this.keys.token(TokenIndex.REFRESH_TOKEN, replaced.getTokenValue());
			write.putIfAbsent(key, TokenIndexEntry.rotated(id, RotatedRefreshToken.of(replaced, now)).format());
		}
		Set<String> owned = Objects.requireNonNullElse(this.redis.opsForSet().members(this.keys.authorizationIndexes(id)),
				Set.of());
		String refreshPrefix = this.keys.tokenPrefix(TokenIndex.REFRESH_TOKEN);
		Set<String> keep = new LinkedHashSet<>();
		Set<String> delete = new LinkedHashSet<>();
		for (String key : owned) {
			if (!write.containsKey(key)) {
				(key.startsWith(refreshPrefix) ? keep : delete).add(key);
			}
		}
		return new IndexChanges(write, keep, delete);
	}

	private record IndexChanges(Map<String, String> write, Set<String> keep, Set<String> delete) {

	}

	@Override
	public void remove(OAuth2Authorization authorization) {
		Assert.notNull(authorization, "authorization cannot be null");
		String id = authorization.getId();
		String indexesKey = this.keys.authorizationIndexes(id);
		Set<String> doomed = new LinkedHashSet<>(indexKeys(authorization));
		doomed.addAll(Objects.requireNonNullElse(this.redis.opsForSet().members(indexesKey), Set.of()));
		doomed.add(indexesKey);
		doomed.add(this.keys.authorization(id));
		this.transactions.run((ops) -> {
			ops.delete(doomed);
			ops.opsForZSet().remove(this.keys.principal(authorization.getPrincipalName()), id);
		});
	}

	@Override
	public OAuth2Authorization findById(String id) {
		Assert.hasText(id, "id cannot be empty");
		Map<String, Object> document = readDocument(id);
		if (document == null) {
			return null;
		}
		// a client reaped for idleness takes its authorizations with it
		RegisteredClient client = this.clients.findById(AuthorizationJson.registeredClientId(document));
		return (client != null) ? this.json.toAuthorization(document, client) : null;
	}

	@Override
	public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
		Assert.hasText(token, "token cannot be empty");
		for (TokenIndex index : TokenIndex.forType(tokenType)) {
			String stored = this.redis.opsForValue().get(this.keys.token(index, token));
			if (stored == null) {
				continue;
			}
			TokenIndexEntry entry = TokenIndexEntry.parse(stored);
			OAuth2Authorization authorization = findById(entry.authorizationId());
			if (authorization == null) {
				continue;
			}
			if (token.equals(index.valueOf(authorization))) {
				return authorization;
			}
			if (index == TokenIndex.REFRESH_TOKEN && entry.describesRefreshToken()) {
				return entry.rotatedToken(token).viewOf(authorization);
			}
		}
		return null;
	}

	@Override
	public List<OAuth2Authorization> findByPrincipalName(String principalName) {
		String key = this.keys.principal(principalName);
		this.redis.opsForZSet().removeRangeByScore(key, 0, this.clock.millis());
		Set<String> ids = Objects.requireNonNullElse(this.redis.opsForZSet().range(key, 0, -1), Set.of());
		List<OAuth2Authorization> found = new ArrayList<>();
		for (String id : ids) {
			OAuth2Authorization authorization = findById(id);
			if (authorization != null) {
				found.add(authorization);
			}
			else {
				this.redis.opsForZSet().remove(key, id);
			}
		}
		return found;
	}

	private Map<String, Object> readDocument(String id) {
		String stored = this.redis.opsForValue().get(this.keys.authorization(id));
		return (stored != null) ? this.json.read(stored) : null;
	}

	private Set<String> indexKeys(OAuth2Authorization authorization) {
		Set<String> result = new LinkedHashSet<>();
		for (TokenIndex index : TokenIndex.values()) {
			String value = index.valueOf(authorization);
			if (value != null && !value.isEmpty()) {
				result.add(this.keys.token(index, value));
			}
		}
		return result;
	}

	/** Drops members past their expiry and lets the set itself expire with its longest-lived member. */
	private void expirePrincipalIndex(String key, Instant now) {
		this.redis.opsForZSet().removeRangeByScore(key, 0, now.toEpochMilli());
		Set<ZSetOperations.TypedTuple<String>> last = this.redis.opsForZSet().reverseRangeWithScores(key, 0, 0);
		if (last != null && !last.isEmpty()) {
			Double score = last.iterator().next().getScore();
			this.redis.expireAt(key, Instant.ofEpochMilli(score.longValue()));
		}
	}

}
