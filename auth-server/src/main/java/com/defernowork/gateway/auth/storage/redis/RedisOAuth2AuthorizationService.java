package com.defernowork.gateway.auth.storage.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.slf4j.LoggerFactory;

import com.defernowork.gateway.auth.storage.AuthorizationLifetime;
import com.defernowork.gateway.auth.storage.CodeRedemptionMark;
import com.defernowork.gateway.auth.storage.GrantChangedException;
import com.defernowork.gateway.auth.storage.RefreshReplay;
import com.defernowork.gateway.auth.storage.RotatedRefreshToken;
import com.defernowork.gateway.auth.storage.StoredGrantMark;
import com.defernowork.gateway.auth.storage.TokenHashes;
import com.defernowork.gateway.auth.storage.TokenIndex;
import com.defernowork.gateway.auth.storage.UserAuthorizations;
import com.defernowork.gateway.web.logging.RateLimitedWarning;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.util.Assert;

/**
 * Authorizations in Redis, on a single server, Sentinel or Cluster ({@link RedisKeys} has
 * the layout). A grant's own keys change in one script ({@link GrantScripts}); the
 * cross-slot token indexes and introspection records of new tokens are written before the
 * script, replaced ones' indexes deleted after it (their records before), and every read
 * checks an index against the grant, so a save cut off anywhere leaves at most a stale
 * pointer that finds nothing, never a grant holding a token that cannot be found nor a
 * record calling a dropped token active. Token values are kept as hashes only
 * ({@link TokenHashes}); every key expires with the grant
 * ({@link AuthorizationLifetime}); replaced refresh tokens: {@link RotatedRefreshToken}.
 * Expired or invalidated tokens stay findable while the grant lives; the framework checks
 * {@code isActive()} itself.
 */
public final class RedisOAuth2AuthorizationService implements OAuth2AuthorizationService, UserAuthorizations {

	private final StringRedisTemplate redis;

	private final RegisteredClientRepository clients;

	private final RedisKeys keys;

	private final AuthorizationJson json;

	private final AuthorizationLifetime lifetime;

	private final IntrospectionRecords introspections;

	private final Clock clock;

	private final RateLimitedWarning lostWrites = new RateLimitedWarning(
			LoggerFactory.getLogger(RedisOAuth2AuthorizationService.class), Clock.systemUTC());

	RedisOAuth2AuthorizationService(StringRedisTemplate redis, RegisteredClientRepository clients, RedisKeys keys,
			StorageJson json, IntrospectionRecords introspections, AuthorizationLifetime lifetime, Clock clock) {
		this.redis = redis;
		this.clients = clients;
		this.keys = keys;
		this.json = new AuthorizationJson(json);
		this.introspections = introspections;
		this.lifetime = lifetime;
		this.clock = clock;
	}

	@Override
	public void save(OAuth2Authorization authorization) {
		Assert.notNull(authorization, "authorization cannot be null");
		Instant now = this.clock.instant();
		Instant expiresAt = this.lifetime.expiresAt(authorization, now);
		long ttl = Math.max(1, Duration.between(now, expiresAt).toMillis());
		String id = authorization.getId();
		Map<TokenIndex, String> current = TokenIndex.hashesOf(authorization);
		String access = current.get(TokenIndex.ACCESS_TOKEN);
		// What the grant will point to is written before it, and the record of an access
		// token it drops deleted before (see above); new index keys and records are
		// harmless until then: a lookup checks the grant, and no one has the tokens yet.
		Object heldLine = this.redis.opsForHash().get(this.keys.grant(id), "tokens");
		Map<TokenIndex, String> held = parseTokenLine(Objects.toString(heldLine, ""));
		GrantChangedException.refuseOverwrite(authorization, held, heldLine != null);
		Instant refreshIssuedAt = (authorization.getRefreshToken() != null)
				? authorization.getRefreshToken().getToken().getIssuedAt() : null;
		Set<String> written = writeIndexes(id, current, held, Set.of(), refreshIssuedAt, Duration.ofMillis(ttl));
		String heldAccess = held.get(TokenIndex.ACCESS_TOKEN);
		List<String> dropped = new ArrayList<>();
		if (heldAccess != null && !heldAccess.equals(access)) {
			dropped.add(heldAccess);
		}
		if (access != null && !authorization.getAccessToken().isActive()) {
			dropped.add(access);
		}
		this.introspections.forget(dropped);
		boolean recorded = access != null && !access.equals(heldAccess);
		if (recorded) {
			this.introspections.record(authorization, access, now);
		}
		OAuth2Authorization.Token<OAuth2RefreshToken> refresh = authorization.getRefreshToken();
		String refreshLine = (refresh != null) ? String.join("|", current.get(TokenIndex.REFRESH_TOKEN),
				TokenIndexEntry.millis(refresh.getToken().getIssuedAt()),
				TokenIndexEntry.millis(refresh.getToken().getExpiresAt())) : "";
		RefreshReplay replay = RefreshReplay.of(authorization, now);
		String replayTtl = (replay != null)
				? Long.toString(Math.max(1, Duration.between(now, replay.expiresAt()).toMillis())) : "";
		String document = this.json.write(authorization);
		List<?> result = this.redis.execute(GrantScripts.SAVE,
				List.of(this.keys.grant(id), this.keys.grantIndexes(id), this.keys.grantReplay(id),
						this.keys.grantRotated(id)),
				document, tokenLine(current), refreshLine, authorization.getPrincipalName(),
				Long.toString(now.toEpochMilli()), Long.toString(ttl), Long.toString(expiresAt.toEpochMilli()),
				(replay != null) ? String.join("|", replay.rotatedTokenHash(),
						Long.toString(replay.expiresAt().toEpochMilli()), replay.sealed()) : "",
				replayTtl, Integer.toString(RotatedRefreshToken.REMEMBERED),
				Objects.requireNonNullElse(RefreshReplay.rotatedTokenHashOf(authorization), ""),
				Objects.requireNonNullElse(CodeRedemptionMark.codeHashOf(authorization), ""),
				StoredGrantMark.isMarked(authorization) ? "1" : "");
		if (GrantScripts.CHANGED.equals(string(result, 0))) {
			// changed since the check above: what was written for this save goes again
			this.redis.delete(written.stream().map(this.keys::token).toList());
			if (recorded) {
				this.introspections.forget(List.of(access));
			}
			throw new GrantChangedException(id);
		}
		Map<TokenIndex, String> former = parseTokenLine(string(result, 0));
		String previous = string(result, 1);
		// a concurrent save between the read above and the script: catch up with what it
		// changed
		writeIndexes(id, current, former, written, refreshIssuedAt, Duration.ofMillis(ttl));
		updateTokenIndexes(id, current, former, previous, dropped, Duration.ofMillis(ttl), now);
		if (result.size() > 4) {
			this.redis.delete(
					result.subList(4, result.size()).stream().map((hash) -> this.keys.token((String) hash)).toList());
		}
		if (!recorded && access != null && !access.equals(former.get(TokenIndex.ACCESS_TOKEN))) {
			this.introspections.record(authorization, access, now);
		}
		String formerPrincipal = string(result, 2);
		if (!formerPrincipal.isEmpty() && !formerPrincipal.equals(authorization.getPrincipalName())) {
			this.redis.opsForZSet().remove(this.keys.principal(formerPrincipal), id);
		}
		// after the grant, and a lister checks the grant: filed before it, a new grant
		// could be dropped from the list by a lister that did not find it yet
		if (!formerPrincipal.equals(authorization.getPrincipalName())
				|| !string(result, 3).equals(Long.toString(expiresAt.toEpochMilli()))) {
			this.redis.execute(GrantScripts.PRINCIPAL, List.of(this.keys.principal(authorization.getPrincipalName())),
					id, Long.toString(expiresAt.toEpochMilli()), Long.toString(now.toEpochMilli()));
		}
	}

	/**
	 * Index keys for the tokens {@code known} and {@code skip} lack; returns their
	 * hashes.
	 */
	private Set<String> writeIndexes(String id, Map<TokenIndex, String> current, Map<TokenIndex, String> known,
			Set<String> skip, Instant refreshIssuedAt, Duration ttl) {
		Set<String> written = new HashSet<>();
		current.forEach((index, hash) -> {
			if (!hash.equals(known.get(index)) && !skip.contains(hash)) {
				TokenIndexEntry entry = TokenIndexEntry.current(index, id,
						(index == TokenIndex.REFRESH_TOKEN) ? refreshIssuedAt : null);
				this.redis.opsForValue().set(this.keys.token(hash), entry.format(), ttl);
				written.add(hash);
			}
		});
		return written;
	}

	/**
	 * After the grant is written: the replaced refresh token's key rewritten as rotated
	 * (kept for reuse detection), other replaced values' keys deleted, and a replaced
	 * access token's record unless {@code forgotten} already.
	 */
	private void updateTokenIndexes(String id, Map<TokenIndex, String> current, Map<TokenIndex, String> former,
			String previous, List<String> forgotten, Duration ttl, Instant now) {
		former.forEach((index, hash) -> {
			if (hash.equals(current.get(index))) {
				return;
			}
			if (index == TokenIndex.REFRESH_TOKEN && !previous.isEmpty()) {
				RotatedRefreshToken rotated = rotated(previous);
				Instant until = (rotated.expiresAt() != null) ? rotated.expiresAt() : now.plus(ttl);
				Duration left = Duration.between(now, until);
				this.redis.opsForValue()
					.set(this.keys.token(hash), TokenIndexEntry.rotated(id, rotated).format(),
							left.compareTo(Duration.ofMinutes(1)) > 0 ? left : Duration.ofMinutes(1));
			}
			else if (!current.containsValue(hash)) {
				this.redis.delete(this.keys.token(hash));
				if (index == TokenIndex.ACCESS_TOKEN && !forgotten.contains(hash)) {
					this.introspections.forget(List.of(hash));
				}
			}
		});
	}

	@Override
	public void remove(OAuth2Authorization authorization) {
		Assert.notNull(authorization, "authorization cannot be null");
		String id = authorization.getId();
		String access = TokenIndex.ACCESS_TOKEN.hashOf(authorization);
		if (access != null) {
			// before the grant goes: no moment in which its record outlives it
			this.introspections.forget(List.of(access));
		}
		List<?> result = this.redis.execute(GrantScripts.REMOVE, List.of(this.keys.grant(id),
				this.keys.grantIndexes(id), this.keys.grantReplay(id), this.keys.grantRotated(id)));
		List<String> doomed = new ArrayList<>();
		for (int i = 1; i < result.size(); i++) {
			doomed.add(this.keys.token(string(result, i)));
			// an access token saved by another server since this authorization was read
			doomed.add(this.keys.introspection(string(result, i)));
		}
		TokenIndex.hashesOf(authorization).values().forEach((hash) -> doomed.add(this.keys.token(hash)));
		// one DEL on a single server; on a cluster Spring Data splits it by slot
		this.redis.delete(doomed.stream().distinct().toList());
		String principal = string(result, 0).isEmpty() ? authorization.getPrincipalName() : string(result, 0);
		this.redis.opsForZSet().remove(this.keys.principal(principal), id);
	}

	@Override
	public OAuth2Authorization findById(String id) {
		Assert.hasText(id, "id cannot be empty");
		Grant grant = read(id);
		return (grant != null) ? grant.authorization() : null;
	}

	@Override
	public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
		Assert.hasText(token, "token cannot be empty");
		List<TokenIndex> wanted = TokenIndex.forType(tokenType);
		if (wanted.isEmpty()) {
			return null;
		}
		String hash = TokenHashes.hash(token);
		String stored = this.redis.opsForValue().get(this.keys.token(hash));
		TokenIndexEntry entry = (stored != null) ? TokenIndexEntry.parse(stored) : null;
		if (entry == null) {
			return wanted.contains(TokenIndex.REFRESH_TOKEN)
					? RotatedRefreshToken.forgottenViewOf(token, this::findById) : null;
		}
		if (!wanted.contains(entry.index())) {
			return null;
		}
		Grant grant = read(entry.authorizationId());
		if (grant == null) {
			return null;
		}
		OAuth2Authorization authorization = grant.authorization();
		if (hash.equals(entry.index().hashOf(authorization))) {
			return TokenHashes.revealed(authorization, token);
		}
		if (entry.index() != TokenIndex.REFRESH_TOKEN) {
			return null;
		}
		RotatedRefreshToken previous = grant.previous();
		if (previous != null && previous.hash().equals(hash)) {
			return previous.viewOf(authorization, token);
		}
		if (entry.isNewerThanItsGrant(authorization)) {
			this.lostWrites.warn("A refresh token newer than its grant's was presented: Redis lost the grant's "
					+ "latest writes (a failover to a replica that lagged behind?); its client must authorize again");
			return null;
		}
		return entry.rotatedToken(hash).viewOf(authorization, token);
	}

	@Override
	public List<OAuth2Authorization> findByPrincipalName(String principalName) {
		String key = this.keys.principal(principalName);
		Set<String> ids = Objects.requireNonNullElse(
				this.redis.opsForZSet().rangeByScore(key, this.clock.millis(), Double.POSITIVE_INFINITY), Set.of());
		List<OAuth2Authorization> found = new ArrayList<>();
		for (String id : ids) {
			OAuth2Authorization authorization = findById(id);
			if (authorization != null && authorization.getPrincipalName().equals(principalName)) {
				found.add(authorization);
			}
			else {
				this.redis.opsForZSet().remove(key, id);
			}
		}
		return found;
	}

	/** The grant, its last replaced refresh token and live replay; null if gone. */
	private Grant read(String id) {
		// before the read: a late reply must not move the replay's end later
		Instant asked = this.clock.instant();
		List<?> result = this.redis.execute(GrantScripts.READ, List.of(this.keys.grant(id), this.keys.grantReplay(id)));
		String document = (result != null && !result.isEmpty()) ? (String) result.get(0) : null;
		if (document == null) {
			return null;
		}
		Map<String, Object> parsed = this.json.read(document);
		// a client reaped for idleness takes its authorizations with it
		RegisteredClient client = this.clients.findById(AuthorizationJson.registeredClientId(parsed));
		if (client == null) {
			return null;
		}
		OAuth2Authorization authorization = this.json.toAuthorization(parsed, client);
		String replay = (result.size() > 2) ? (String) result.get(2) : null;
		long remaining = (result.size() > 3 && result.get(3) instanceof Long millis) ? millis : -1;
		if (replay != null && remaining > 0) {
			// hash|expiresAt|sealed: the instant is for servers of the previous version
			// during a rolling upgrade; the end is what Redis has left of the key, as the
			// rotating server's clock would shift the window by the clocks' difference
			String[] parts = replay.split("\\|", 3);
			RefreshReplay live = new RefreshReplay(parts[0], parts[2], asked.plusMillis(remaining));
			authorization = OAuth2Authorization.from(authorization).attribute(RefreshReplay.ATTRIBUTE, live).build();
		}
		String previous = (result.size() > 1) ? (String) result.get(1) : null;
		return new Grant(authorization, (previous != null) ? rotated(previous) : null);
	}

	private record Grant(OAuth2Authorization authorization, RotatedRefreshToken previous) {

	}

	/** {@code hash|issuedAt|expiresAt|rotatedAt}, as the save script records it. */
	private static RotatedRefreshToken rotated(String line) {
		String[] parts = line.split("\\|", -1);
		return new RotatedRefreshToken(parts[0], TokenIndexEntry.instant(parts[1]), TokenIndexEntry.instant(parts[2]),
				TokenIndexEntry.instant(parts[3]));
	}

	private static String tokenLine(Map<TokenIndex, String> hashes) {
		List<String> entries = new ArrayList<>();
		hashes.forEach((index, hash) -> entries.add(index.type() + ":" + hash));
		return String.join(" ", entries);
	}

	private static Map<TokenIndex, String> parseTokenLine(String line) {
		Map<TokenIndex, String> hashes = new LinkedHashMap<>();
		for (String entry : line.split(" ")) {
			int colon = entry.lastIndexOf(':');
			TokenIndex index = (colon > 0) ? TokenIndex.ofType(entry.substring(0, colon)) : null;
			if (index != null) {
				hashes.put(index, entry.substring(colon + 1));
			}
		}
		return hashes;
	}

	private static String string(List<?> result, int index) {
		Object value = (result != null && result.size() > index) ? result.get(index) : null;
		return (value != null) ? value.toString() : "";
	}

}
