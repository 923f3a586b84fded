package com.defernowork.gateway.auth.storage.redis;

import java.time.Duration;
import java.util.List;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The consents given to each client, so that they go when the client is reaped
 * ({@link RedisRegisteredClientRepository#reap()}) instead of outliving it by up to the
 * consent time to live. A set per client id (what a sweep knows of a client whose keys
 * are gone) of the consent keys, written before the consent and expiring with the
 * longest-lived of them. A consent and its entry are in different Cluster slots, so no
 * script holds both: an entry only ever names a consent given to that client, so an entry
 * without its consent deletes nothing, and a consent is not kept for a client already
 * gone: written after its entry, it is deleted again when the client's key is found gone
 * after it ({@link #outlived}), so either the sweep pops the entry after the consent is
 * written or the save sees the client gone. Consents given before this index existed stay
 * until their time to live.
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
	 * Whether the client is gone (its key expired or reaped), read from Redis itself: a
	 * client reaped while its consent page was open is still in the lookup's cache.
	 */
	boolean outlived(String clientId) {
		return !Boolean.TRUE.equals(this.redis.hasKey(this.keys.clientId(clientId)));
	}

	/**
	 * Drops the entry of a consent deleted again for a client already swept; the set goes
	 * with its last entry.
	 */
	void forget(String clientId, String consentKey) {
		this.redis.opsForSet().remove(this.keys.clientConsents(clientId), consentKey);
	}

	/** Deletes every consent given to the client; the set goes with its last entry. */
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
