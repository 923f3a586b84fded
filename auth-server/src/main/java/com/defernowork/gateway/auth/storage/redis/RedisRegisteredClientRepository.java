package com.defernowork.gateway.auth.storage.redis;

import java.time.Duration;

import com.defernowork.gateway.auth.config.StaticClients;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.util.Assert;

/**
 * Registered clients in Redis: the client document under its id plus a client-id → id key. A client expires
 * {@code idleTtl} after it was last saved or looked up, so dynamically registered clients nobody uses are reaped;
 * a {@link StaticClients static} client never expires. Saving an existing client again replaces it (upsert).
 */
public final class RedisRegisteredClientRepository implements RegisteredClientRepository {

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final RegisteredClientJson json;

	private final Duration idleTtl;

	private final RedisTransactions transactions;

	RedisRegisteredClientRepository(StringRedisTemplate redis, RedisKeys keys, StorageJson json, Duration idleTtl) {
		this.redis = redis;
		this.keys = keys;
		this.json = new RegisteredClientJson(json);
		this.idleTtl = idleTtl;
		this.transactions = new RedisTransactions(redis);
	}

	@Override
	public void save(RegisteredClient client) {
		Assert.notNull(client, "registeredClient cannot be null");
		String clientKey = this.keys.client(client.getId());
		String previous = this.redis.opsForValue().get(clientKey);
		String previousClientId = (previous != null) ? this.json.read(previous).getClientId() : null;
		String document = this.json.write(client);
		String clientIdKey = this.keys.clientId(client.getClientId());
		boolean expires = !StaticClients.isStatic(client);
		this.transactions.run((ops) -> {
			if (previousClientId != null && !previousClientId.equals(client.getClientId())) {
				ops.delete(this.keys.clientId(previousClientId));
			}
			if (expires) {
				ops.opsForValue().set(clientKey, document, this.idleTtl);
				ops.opsForValue().set(clientIdKey, client.getId(), this.idleTtl);
			}
			else {
				// a plain SET also clears a TTL left from an earlier, non-static registration
				ops.opsForValue().set(clientKey, document);
				ops.opsForValue().set(clientIdKey, client.getId());
			}
		});
	}

	@Override
	public RegisteredClient findById(String id) {
		Assert.hasText(id, "id cannot be empty");
		String stored = this.redis.opsForValue().get(this.keys.client(id));
		if (stored == null) {
			return null;
		}
		RegisteredClient client = this.json.read(stored);
		touch(client);
		return client;
	}

	@Override
	public RegisteredClient findByClientId(String clientId) {
		Assert.hasText(clientId, "clientId cannot be empty");
		String id = this.redis.opsForValue().get(this.keys.clientId(clientId));
		return (id != null) ? findById(id) : null;
	}

	/** A lookup is a use: push the idle expiry out again. */
	private void touch(RegisteredClient client) {
		if (StaticClients.isStatic(client)) {
			return;
		}
		this.redis.expire(this.keys.client(client.getId()), this.idleTtl);
		this.redis.expire(this.keys.clientId(client.getClientId()), this.idleTtl);
	}

}
