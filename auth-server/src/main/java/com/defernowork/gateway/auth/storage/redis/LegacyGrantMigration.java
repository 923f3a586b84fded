package com.defernowork.gateway.auth.storage.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.defernowork.gateway.auth.storage.RotatedRefreshToken;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Moves grants of the earlier layout (an {@code authorization:<id>} document holding
 * token values) into the current one at startup, so an upgrade keeps every grant and
 * leaves no token value in Redis; replaced refresh tokens keep their reuse detection. Not
 * on a Cluster, where that layout never ran. One instance at a time, once.
 */
final class LegacyGrantMigration {

	private static final Logger logger = LoggerFactory.getLogger(LegacyGrantMigration.class);

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final StorageJson json;

	private final RegisteredClientRepository clients;

	private final OAuth2AuthorizationService authorizations;

	private final Clock clock;

	LegacyGrantMigration(StringRedisTemplate redis, RedisKeys keys, StorageJson json,
			RegisteredClientRepository clients, OAuth2AuthorizationService authorizations, Clock clock) {
		this.redis = redis;
		this.keys = keys;
		this.json = json;
		this.clients = clients;
		this.authorizations = authorizations;
		this.clock = clock;
	}

	/** Returns how many grants were moved. */
	int run() {
		if (this.redis.getConnectionFactory() instanceof LettuceConnectionFactory lettuce && lettuce.isClusterAware()) {
			return 0;
		}
		String done = this.keys.prefix() + "migration:legacy-grants:done";
		String lease = this.keys.prefix() + "migration:legacy-grants";
		if (Boolean.TRUE.equals(this.redis.hasKey(done)) || !Boolean.TRUE
			.equals(this.redis.opsForValue().setIfAbsent(lease, "running", Duration.ofMinutes(10)))) {
			return 0;
		}
		try {
			int moved = 0;
			int idStart = this.keys.legacyAuthorization("").length();
			for (String key : legacyDocuments()) {
				if (move(key.substring(idStart))) {
					moved++;
				}
			}
			if (moved > 0) {
				logger.info("Moved {} grants to the hashed, hash-tagged Redis layout", moved);
			}
			// later starts skip the scan of the whole keyspace
			this.redis.opsForValue().set(done, this.clock.instant().toString());
			return moved;
		}
		finally {
			this.redis.delete(lease);
		}
	}

	private List<String> legacyDocuments() {
		List<String> found = new ArrayList<>();
		try (Cursor<String> cursor = this.redis
			.scan(ScanOptions.scanOptions().match(this.keys.legacyAuthorization("*")).count(1000).build())) {
			cursor.forEachRemaining(found::add);
		}
		return found;
	}

	private boolean move(String id) {
		String documentKey = this.keys.legacyAuthorization(id);
		String indexesKey = this.keys.legacyAuthorizationIndexes(id);
		String stored = this.redis.opsForValue().get(documentKey);
		Set<String> indexKeys = Objects.requireNonNullElse(this.redis.opsForSet().members(indexesKey), Set.of());
		boolean moved = false;
		if (stored != null) {
			Map<String, Object> document = this.json.readMap(stored);
			AuthorizationJson reader = new AuthorizationJson(this.json);
			RegisteredClient client = this.clients.findById(AuthorizationJson.registeredClientId(document));
			if (client != null) {
				this.authorizations.save(reader.toAuthorization(document, client));
				indexKeys.forEach((indexKey) -> keepRotated(id, indexKey));
				moved = true;
			}
			else {
				// a client reaped for idleness took its grants with it
				this.redis.opsForZSet().remove(this.keys.principal(AuthorizationJson.principalName(document)), id);
			}
		}
		List<String> doomed = new ArrayList<>(indexKeys);
		doomed.add(indexesKey);
		doomed.add(documentKey);
		this.redis.delete(doomed);
		return moved;
	}

	/** {@code token:refresh_token:<hash>} → {@code id|issued|expires|rotated}. */
	private void keepRotated(String id, String legacyKey) {
		String refreshPrefix = this.keys.legacyTokenPrefix() + "refresh_token:";
		String value = legacyKey.startsWith(refreshPrefix) ? this.redis.opsForValue().get(legacyKey) : null;
		String[] parts = (value != null) ? value.split("\\|", -1) : new String[0];
		if (parts.length != 4 || "-".equals(parts[3])) {
			return;
		}
		String hash = legacyKey.substring(refreshPrefix.length());
		RotatedRefreshToken rotated = new RotatedRefreshToken(hash, TokenIndexEntry.instant(parts[1]),
				TokenIndexEntry.instant(parts[2]), TokenIndexEntry.instant(parts[3]));
		Instant now = this.clock.instant();
		if (rotated.expiresAt() != null && rotated.expiresAt().isAfter(now)) {
			this.redis.opsForValue()
				.set(this.keys.token(hash), TokenIndexEntry.rotated(id, rotated).format(),
						Duration.between(now, rotated.expiresAt()));
		}
	}

}
