package com.defernowork.gateway.auth.storage.redis;

import java.util.Properties;
import java.util.SortedSet;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Warns at start when Redis would evict keys once it fills: grants, tokens, consents and
 * dynamically registered clients have expiries, so any eviction policy,
 * {@code volatile-*} included, which managed Redis services often set, drops people's
 * connections without a word ({@code allkeys-*} drops anything). Read from
 * {@code INFO memory}, which managed services allow where they refuse {@code CONFIG}; in
 * a cluster, every primary's. A Redis without {@code maxmemory} never evicts, whatever
 * its policy.
 */
final class RedisEvictionPolicy implements Runnable {

	private static final String NO_EVICTION = "noeviction";

	private static final String POLICY = "maxmemory_policy";

	private static final Logger logger = LoggerFactory.getLogger(RedisEvictionPolicy.class);

	private final StringRedisTemplate redis;

	RedisEvictionPolicy(StringRedisTemplate redis) {
		this.redis = redis;
	}

	@Override
	public void run() {
		SortedSet<String> evicting;
		try {
			evicting = evictingPolicies();
		}
		catch (RuntimeException ex) {
			logger.info("Could not read Redis's maxmemory-policy ({}); make sure it is noeviction",
					RedisOutages.describe(ex));
			return;
		}
		if (!evicting.isEmpty()) {
			logger.warn("Redis's maxmemory-policy is {}: once Redis reaches its maxmemory it deletes keys, the auth "
					+ "server's grants, tokens and registered apps among them, signing people out of their apps. Set "
					+ "maxmemory-policy noeviction (redis.conf, CONFIG SET, or the managed service's parameter group): "
					+ "a full Redis then refuses writes, which the health component redisWrites reports, and nothing "
					+ "stored is lost", String.join(", ", evicting));
		}
	}

	/**
	 * The policies other than noeviction of Redis (each primary of a cluster) where a
	 * maxmemory is set.
	 */
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
