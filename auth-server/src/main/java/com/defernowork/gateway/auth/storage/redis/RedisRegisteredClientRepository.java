package com.defernowork.gateway.auth.storage.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.defernowork.gateway.auth.config.NewClients;
import com.defernowork.gateway.auth.config.StaticClients;
import com.defernowork.gateway.auth.storage.IdleClients;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.util.Assert;

/**
 * Registered clients in Redis: the client document under its id plus a client-id → id
 * pointer, written after the document and checked against it on read (they cannot share a
 * Cluster slot). A client expires {@code idleTtl} after it was last saved or looked up (a
 * lookup pushes that out at most once a minute), an {@link NewClients unclaimed} one
 * {@code unclaimedTtl} after it was saved; a {@link StaticClients static} one never.
 *
 * <p>
 * Redis drops an expired client silently, so every expiring client is also listed in a
 * sorted set by when it would expire; a {@link #reap() sweep} puts back the due entries
 * whose key is still there and removes the rest. Removal is atomic, so of several
 * sweeping servers exactly one reports each reaped client and removes its consents.
 *
 * <p>
 * Lookups are answered from memory for {@code freshness} (a few seconds): every
 * introspection, token exchange and client authentication looks a client up, often twice,
 * and clients only change by re-registration or reaping.
 */
public final class RedisRegisteredClientRepository implements RegisteredClientRepository, IdleClients {

	private static final Logger logger = LoggerFactory.getLogger(RedisRegisteredClientRepository.class);

	private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

	/** Entries per Redis read of a sweep, and reads per sweep. */
	private static final int REAP_BATCH = 100;

	private static final int REAP_BATCHES = 10;

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final RegisteredClientJson json;

	private final Duration idleTtl;

	private Duration unclaimedTtl;

	private final Cache<String, RegisteredClient> byId;

	private final Cache<String, String> idByClientId;

	private final Cache<String, Boolean> touched;

	private final Clock clock;

	private final ClientConsents consents;

	/** Reads Redis on every lookup. */
	RedisRegisteredClientRepository(StringRedisTemplate redis, RedisKeys keys, StorageJson json, Duration idleTtl) {
		this(redis, keys, json, idleTtl, Duration.ZERO, Ticker.systemTicker(), Clock.systemUTC());
	}

	RedisRegisteredClientRepository(StringRedisTemplate redis, RedisKeys keys, StorageJson json, Duration idleTtl,
			Duration freshness, Ticker ticker, Clock clock) {
		this.redis = redis;
		this.clock = clock;
		this.keys = keys;
		this.consents = new ClientConsents(redis, keys);
		this.json = new RegisteredClientJson(json);
		this.idleTtl = idleTtl;
		this.unclaimedTtl = idleTtl;
		this.byId = Caffeine.newBuilder().expireAfterWrite(freshness).maximumSize(10_000).ticker(ticker).build();
		this.idByClientId = Caffeine.newBuilder()
			.expireAfterWrite(freshness)
			.maximumSize(10_000)
			.ticker(ticker)
			.build();
		// often enough that a client in use never reaches its idle expiry
		Duration touchInterval = (idleTtl.dividedBy(2).compareTo(TOUCH_INTERVAL) < 0) ? idleTtl.dividedBy(2)
				: TOUCH_INTERVAL;
		// anyone may register: a flood of registrations must not fill the heap (about 150
		// bytes an entry); clients beyond the bound merely push their expiry more often
		this.touched = Caffeine.newBuilder().expireAfterWrite(touchInterval).maximumSize(10_000).ticker(ticker).build();
	}

	/**
	 * How long a {@link NewClients unclaimed} client lives at most; the idle time to live
	 * if unset.
	 */
	public void setUnclaimedTtl(Duration unclaimedTtl) {
		this.unclaimedTtl = unclaimedTtl;
	}

	@Override
	public void save(RegisteredClient client) {
		Assert.notNull(client, "registeredClient cannot be null");
		String clientKey = this.keys.client(client.getId());
		String previous = this.redis.opsForValue().get(clientKey);
		String previousClientId = (previous != null) ? this.json.read(previous).getClientId() : null;
		String clientIdKey = this.keys.clientId(client.getClientId());
		// the document first, the pointer to it second: a pointer never leads to a
		// missing or foreign client
		if (StaticClients.isStatic(client)) {
			// a plain SET also clears a TTL left from an earlier, non-static registration
			this.redis.opsForValue().set(clientKey, this.json.write(client));
			this.redis.opsForValue().set(clientIdKey, client.getId());
			this.redis.opsForZSet().remove(this.keys.clientExpiries(), client.getClientId());
		}
		else {
			Duration ttl = NewClients.timeToLive(client, this.idleTtl, this.unclaimedTtl);
			this.redis.opsForValue().set(clientKey, this.json.write(client), ttl);
			this.redis.opsForValue().set(clientIdKey, client.getId(), ttl);
			listUntilExpiry(client.getClientId(), ttl);
			this.touched.put(client.getId(), Boolean.TRUE);
		}
		if (previousClientId != null && !previousClientId.equals(client.getClientId())) {
			this.redis.delete(this.keys.clientId(previousClientId));
			this.redis.opsForZSet().remove(this.keys.clientExpiries(), previousClientId);
			this.idByClientId.invalidate(previousClientId);
		}
		// cached at its next lookup: a burst of registrations would otherwise fill it
		this.byId.invalidate(client.getId());
		this.idByClientId.invalidate(client.getClientId());
	}

	@Override
	public RegisteredClient findById(String id) {
		Assert.hasText(id, "id cannot be empty");
		RegisteredClient client = this.byId.getIfPresent(id);
		if (client == null) {
			String stored = this.redis.opsForValue().get(this.keys.client(id));
			if (stored == null) {
				return null;
			}
			client = this.json.read(stored);
			this.byId.put(id, client);
		}
		touch(client);
		return client;
	}

	@Override
	public RegisteredClient findByClientId(String clientId) {
		Assert.hasText(clientId, "clientId cannot be empty");
		String id = this.idByClientId.getIfPresent(clientId);
		if (id == null) {
			id = this.redis.opsForValue().get(this.keys.clientId(clientId));
			if (id == null) {
				return null;
			}
		}
		RegisteredClient client = findById(id);
		// a pointer left by a client that was given another client id finds nothing
		if (client == null || !client.getClientId().equals(clientId)) {
			return null;
		}
		this.idByClientId.put(clientId, id);
		return client;
	}

	/** A lookup is a use, but not of an unclaimed client, which only a claim keeps. */
	private void touch(RegisteredClient client) {
		if (StaticClients.isStatic(client) || NewClients.isUnclaimed(client)
				|| this.touched.asMap().putIfAbsent(client.getId(), Boolean.TRUE) != null) {
			return;
		}
		this.redis.expire(this.keys.client(client.getId()), this.idleTtl);
		this.redis.expire(this.keys.clientId(client.getClientId()), this.idleTtl);
		listUntilExpiry(client.getClientId(), this.idleTtl);
	}

	private void listUntilExpiry(String clientId, Duration ttl) {
		this.redis.opsForZSet().add(this.keys.clientExpiries(), clientId, this.clock.millis() + ttl.toMillis());
	}

	@Override
	public List<String> reap() {
		String expiries = this.keys.clientExpiries();
		List<String> reaped = new ArrayList<>();
		try {
			reap(expiries, reaped);
		}
		catch (RuntimeException ex) {
			if (reaped.isEmpty()) {
				throw ex;
			}
			// those already removed are reported; the rest stay listed for the next sweep
			logger.warn("Sweeping for idle clients stopped after {}: {}", reaped.size(), ex.getMessage());
		}
		return reaped;
	}

	private void reap(String expiries, List<String> reaped) {
		for (int batch = 0; batch < REAP_BATCHES; batch++) {
			long now = this.clock.millis();
			Set<String> due = this.redis.opsForZSet()
				.rangeByScore(expiries, Double.NEGATIVE_INFINITY, now, 0, REAP_BATCH);
			if (due == null || due.isEmpty()) {
				break;
			}
			for (String clientId : due) {
				// the pointer, which expires with the client, is what a lookup reads
				long left = this.redis.getExpire(this.keys.clientId(clientId), TimeUnit.MILLISECONDS);
				if (left >= 0) {
					this.redis.opsForZSet().add(expiries, clientId, now + Math.max(left, 1));
				}
				else if (Long.valueOf(1).equals(this.redis.opsForZSet().remove(expiries, clientId)) && left == -2) {
					// gone, not made static (-1), and removed here: reaped, unless
					// registered again meanwhile (a client metadata document's URL)
					if (Boolean.TRUE.equals(this.redis.hasKey(this.keys.clientId(clientId)))) {
						listUntilExpiry(clientId, this.idleTtl);
					}
					else {
						this.idByClientId.invalidate(clientId);
						// reported even if its consents cannot be removed now: they
						// expire by their own time to live
						reaped.add(clientId);
						this.consents.removeAll(clientId);
					}
				}
			}
			if (due.size() < REAP_BATCH) {
				break;
			}
		}
	}

}
