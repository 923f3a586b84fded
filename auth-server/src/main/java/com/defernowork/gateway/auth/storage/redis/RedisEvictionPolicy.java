package com.defernowork.gateway.auth.storage.redis;

import java.util.Properties;
import java.util.SortedSet;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Warns when Redis would evict keys once it fills: grants, tokens, consents and
 * dynamically registered clients have expiries, so any eviction policy,
 * {@code volatile-*} included, which managed Redis services often set, drops people's
 * connections without a word ({@code allkeys-*} drops anything). Read from
 * {@code INFO memory}, which managed services allow where they refuse {@code CONFIG}; in
 * a cluster, every node's. A Redis without {@code maxmemory} never evicts, whatever its
 * policy. Read at start and with each health write check, since {@code CONFIG SET}
 * changes the policy of a running Redis: logged at WARN when it becomes one that evicts,
 * at INFO when it no longer does.
 */
final class RedisEvictionPolicy implements Runnable {

	private static final String NO_EVICTION = "noeviction";

	private static final String POLICY = "maxmemory_policy";

	private static final Logger logger = LoggerFactory.getLogger(RedisEvictionPolicy.class);

	private final StringRedisTemplate redis;

	/** The evicting policies last read; null before the first read. */
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

	/**
	 * The policies other than noeviction, of Redis or a cluster's nodes, where a
	 * maxmemory is set, as last read: empty when Redis evicts nothing, null while unread.
	 */
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
