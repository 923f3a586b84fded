package com.defernowork.gateway.auth.storage.redis;

import java.util.Properties;
import java.util.SortedSet;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Warns when Redis would evict keys once full: grants, tokens, consents and clients have
 * expiries, so any policy, {@code volatile-*} included (often set by managed services),
 * drops people's connections without a word. Read from {@code INFO memory}, which managed
 * services allow where they refuse {@code CONFIG}, at start and with each write check, as
 * {@code CONFIG SET} changes it: WARN when it starts to evict, INFO when it stops.
 */
final class RedisEvictionPolicy implements Runnable {

	private static final String NO_EVICTION = "noeviction";

	private static final String POLICY = "maxmemory_policy";

	private static final Logger logger = LoggerFactory.getLogger(RedisEvictionPolicy.class);

	private final StringRedisTemplate redis;

	/** Null before the first read. */
	private volatile SortedSet<String> evicting;

	private boolean tried;

	RedisEvictionPolicy(StringRedisTemplate redis) {
		this.redis = redis;
	}

	@Override
	public synchronized void run() {
		boolean first = !this.tried;
		this.tried = true;
		SortedSet<String> now;
		try {
			now = evictingPolicies();
		}
		catch (RuntimeException ex) {
			if (first) {
				logger.info("Could not read Redis's maxmemory-policy ({}); make sure it is noeviction",
						RedisOutages.describe(ex));
			}
			// later, Redis's own trouble is the write check's to report
			return;
		}
		SortedSet<String> before = this.evicting;
		this.evicting = now;
		if (!now.isEmpty() && !now.equals(before)) {
			logger.warn("Redis's maxmemory-policy is {}: once Redis reaches its maxmemory it deletes keys, the auth "
					+ "server's grants, tokens and registered apps among them, signing people out of their apps. Set "
					+ "maxmemory-policy noeviction (redis.conf, CONFIG SET, or the managed service's parameter group): "
					+ "a full Redis then refuses writes, which the health component redisWrites reports, and nothing "
					+ "stored is lost", String.join(", ", now));
		}
		else if (now.isEmpty() && before != null && !before.isEmpty()) {
			logger.info("Redis's maxmemory-policy is noeviction again (or it has no maxmemory): it evicts no keys");
		}
	}

	/** Policies other than noeviction where a maxmemory is set; null while unread. */
	SortedSet<String> evicting() {
		return this.evicting;
	}

	private SortedSet<String> evictingPolicies() {
		Properties memory = this.redis
			.execute((RedisConnection connection) -> connection.serverCommands().info("memory"));
		SortedSet<String> evicting = new TreeSet<>();
		if (memory != null) {
			// a cluster's answer names each node's fields "host:port.maxmemory_policy"
			for (String name : memory.stringPropertyNames()) {
				if (name.endsWith(POLICY)) {
					String node = name.substring(0, name.length() - POLICY.length());
					String policy = memory.getProperty(name);
					if (!NO_EVICTION.equals(policy) && !"0".equals(memory.getProperty(node + "maxmemory"))) {
						evicting.add(policy);
					}
				}
			}
		}
		return evicting;
	}

}
