package com.defernowork.gateway.auth.storage.redis;

import java.time.Duration;
import java.util.List;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The consent keys given to each client, by client id (all a sweep knows of a reaped
 * client), so they go when it is reaped instead of outliving it. In other Cluster slots
 * than the consents, so no script holds both: an entry is written before its consent and
 * names only one given to that client, and a consent is deleted again when its client is
 * found gone after it ({@link #outlived}), so either the sweep pops the entry after the
 * consent is written or the save sees the client gone.
 */
final class ClientConsents {

	private static final int BATCH = 100;

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	ClientConsents(StringRedisTemplate redis, RedisKeys keys) {
		this.redis = redis;
		this.keys = keys;
	}

	/** Before the consent is written: the entry outlives it. */
	void add(String clientId, String consentKey, Duration ttl) {
		String index = this.keys.clientConsents(clientId);
		this.redis.opsForSet().add(index, consentKey);
		this.redis.expire(index, ttl);
	}

	/**
	 * Read from Redis itself: a client reaped while its consent page was open is still in
	 * the lookup's cache.
	 */
	boolean outlived(String clientId) {
		return !Boolean.TRUE.equals(this.redis.hasKey(this.keys.clientId(clientId)));
	}

	/** For a consent deleted again for a client already swept. */
	void forget(String clientId, String consentKey) {
		this.redis.opsForSet().remove(this.keys.clientConsents(clientId), consentKey);
	}

	void removeAll(String clientId) {
		String index = this.keys.clientConsents(clientId);
		List<String> popped;
		do {
			popped = this.redis.opsForSet().pop(index, BATCH);
			if (popped != null && !popped.isEmpty()) {
				// on a Cluster, key by key when their slots differ
				this.redis.delete(popped);
			}
		}
		while (popped != null && popped.size() == BATCH);
	}

}
