package com.defernowork.gateway.auth.storage.redis;

import java.util.Properties;
import java.util.SortedSet;
import java.util.TreeSet;

import io.lettuce.core.RedisCommandExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Warns at start when Redis would evict keys once it fills: every key the auth server
 * keeps (grants, tokens, the vault, registered clients) has an expiry, so any eviction
 * policy, {@code volatile-*} included, which managed Redis services often set, drops
 * people's connections without a word. Read from {@code INFO memory}, which managed
 * services allow where they refuse {@code CONFIG}; in a cluster, every node's.
 */
final class RedisEvictionPolicy implements Runnable {

	static final String NO_EVICTION = "noeviction";

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
			RedisCommandExecutionException refusal = RedisOutages.refusal(ex);
			logger.info("Could not read Redis's maxmemory-policy ({}); make sure it is noeviction",
					(refusal != null) ? refusal.getMessage() : ex.getMessage());
			return;
		}
		if (!evicting.isEmpty()) {
			logger.warn("Redis's maxmemory-policy is {}: once Redis reaches its maxmemory it deletes keys, and every "
					+ "key of the auth server (grants, tokens, registered apps) is one it may delete, signing people "
					+ "out of their apps. Set maxmemory-policy noeviction (redis.conf, CONFIG SET, or the managed "
					+ "service's parameter group): a full Redis then refuses writes, which the health component "
					+ "redisWrites reports, and nothing stored is lost", String.join(", ", evicting));
		}
	}

	/** The policies other than noeviction that Redis (each node of a cluster) reports. */
	private SortedSet<String> evictingPolicies() {
		Properties memory = this.redis
			.execute((RedisConnection connection) -> connection.serverCommands().info("memory"));
		SortedSet<String> evicting = new TreeSet<>();
		if (memory != null) {
			// a cluster's answer names each node's fields "host:port.maxmemory_policy"
			memory.stringPropertyNames()
				.stream()
				.filter((name) -> name.equals("maxmemory_policy") || name.endsWith(".maxmemory_policy"))
				.map(memory::getProperty)
				.filter((policy) -> !NO_EVICTION.equals(policy))
				.forEach(evicting::add);
		}
		return evicting;
	}

}
