package com.defernowork.gateway.auth.storage.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * How many keys Redis has deleted to make room ({@code evicted_keys}, summed over a
 * cluster's nodes): with an eviction policy a full Redis takes every write, so nothing
 * else shows that grants and registrations are being deleted. Logged at WARN when the
 * count grows, at INFO once it has not grown for {@link #QUIET}.
 */
final class RedisEvictedKeys implements Runnable {

	/**
	 * No eviction for this long ends an episode: a Redis at its limit evicts at each
	 * write, which may be minutes apart on a quiet server.
	 */
	static final Duration QUIET = Duration.ofMinutes(5);

	static final String EVICTING = "the auth server's grants, tokens and registered apps may be among them: people "
			+ "get 401 invalid_token and sign in again, apps are told invalid_client and register again, sign-ins "
			+ "under way fail";

	static final String WHAT_TO_CHANGE = "Set maxmemory-policy noeviction (a full Redis then refuses writes, which "
			+ "the health component redisWrites reports, and deletes nothing) and give Redis more memory "
			+ "(docs/operations.md, Sizing)";

	private static final String EVICTED_KEYS = "evicted_keys";

	private static final Logger logger = LoggerFactory.getLogger(RedisEvictedKeys.class);

	private final StringRedisTemplate redis;

	private final Clock clock;

	/** Null before the first read. */
	private volatile Long count;

	private Instant readAt;

	/** When the episode of evictions began; null outside one. */
	private volatile Instant evictingSince;

	private long countAtStart;

	private Instant lastGrowth;

	RedisEvictedKeys(StringRedisTemplate redis, Clock clock) {
		this.redis = redis;
		this.clock = clock;
	}

	@Override
	public synchronized void run() {
		long now;
		try {
			now = evictedKeys();
		}
		catch (RuntimeException ex) {
			// Redis's own trouble is the write check's to report
			return;
		}
		Instant at = this.clock.instant();
		Long before = this.count;
		Instant beforeAt = this.readAt;
		this.count = now;
		this.readAt = at;
		// a smaller count: Redis restarted, failed over or its statistics were reset
		if (before != null && now > before) {
			if (this.evictingSince == null) {
				logger.warn("Redis evicted {} keys to make room since {} (evicted_keys {}): {}. {}.", now - before,
						beforeAt, now, EVICTING, WHAT_TO_CHANGE);
				this.evictingSince = beforeAt;
				this.countAtStart = before;
			}
			this.lastGrowth = at;
		}
		else if (this.evictingSince != null && !at.isBefore(this.lastGrowth.plus(QUIET))) {
			logger.info("Redis has evicted no keys for {} minutes; it evicted {} since {}", QUIET.toMinutes(),
					Math.max(0, now - this.countAtStart), this.evictingSince);
			this.evictingSince = null;
		}
	}

	Long count() {
		return this.count;
	}

	Instant evictingSince() {
		return this.evictingSince;
	}

	private long evictedKeys() {
		Properties stats = this.redis
			.execute((RedisConnection connection) -> connection.serverCommands().info("stats"));
		long evicted = 0;
		if (stats != null) {
			// a cluster's answer names each node's fields "host:port.evicted_keys"
			for (String name : stats.stringPropertyNames()) {
				if (name.equals(EVICTED_KEYS) || name.endsWith("." + EVICTED_KEYS)) {
					evicted += Long.parseLong(stats.getProperty(name).trim());
				}
			}
		}
		return evicted;
	}

}
