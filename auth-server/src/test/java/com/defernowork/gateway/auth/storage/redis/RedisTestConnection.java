package com.defernowork.gateway.auth.storage.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.defernowork.gateway.auth.support.RedisValues;
import com.defernowork.gateway.testsupport.TestRedis;
import com.defernowork.gateway.testsupport.redis.RedisClusterLauncher;

import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisClusterNode;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A connection to a test Redis (the shared one, or a Cluster or Sentinel set-up of the
 * test's own) and a key prefix of this test's own, deleted on close.
 */
final class RedisTestConnection implements AutoCloseable {

	final String prefix;

	final LettuceConnectionFactory factory;

	final StringRedisTemplate redis;

	private final boolean cleansUp;

	RedisTestConnection(String name) {
		this(new RedisStandaloneConfiguration(TestRedis.host(), TestRedis.port()), TestRedis.uniquePrefix(name));
	}

	RedisTestConnection(RedisConfiguration configuration, String prefix) {
		this(configuration, prefix, true);
	}

	private RedisTestConnection(RedisConfiguration configuration, String prefix, boolean cleansUp) {
		this.prefix = prefix;
		this.cleansUp = cleansUp;
		this.factory = new LettuceConnectionFactory(configuration);
		this.factory.afterPropertiesSet();
		this.factory.start();
		this.redis = new StringRedisTemplate(this.factory);
	}

	/** A connection to a Redis Cluster of the test's own, under a prefix of its own. */
	static RedisTestConnection onCluster(RedisClusterLauncher cluster, String name) {
		return new RedisTestConnection(new RedisClusterConfiguration(List.of(cluster.nodesProperty().split(","))),
				TestRedis.uniquePrefix(name));
	}

	/**
	 * A connection cleaning up a prefix that something else (an application context)
	 * wrote under.
	 */
	static RedisTestConnection forPrefix(String prefix) {
		return new RedisTestConnection(new RedisStandaloneConfiguration(TestRedis.host(), TestRedis.port()), prefix);
	}

	/**
	 * A connection that reads every key of a Redis (one of the test's own) and deletes
	 * nothing.
	 */
	static RedisTestConnection observing(RedisConfiguration configuration) {
		return new RedisTestConnection(configuration, "", false);
	}

	RedisKeys keys() {
		return new RedisKeys(this.prefix);
	}

	/** Every key under the prefix matching the pattern, on every master of a cluster. */
	List<String> keysMatching(String suffixPattern) {
		ScanOptions options = ScanOptions.scanOptions().match(this.prefix + suffixPattern).count(1000).build();
		List<String> found = new ArrayList<>();
		if (this.factory.isClusterAware()) {
			try (RedisClusterConnection cluster = this.factory.getClusterConnection()) {
				for (RedisClusterNode node : cluster.clusterGetNodes()) {
					if (node.isMaster()) {
						try (Cursor<byte[]> cursor = cluster.scan(node, options)) {
							cursor.forEachRemaining(
									(key) -> found.add(new String(key, java.nio.charset.StandardCharsets.UTF_8)));
						}
					}
				}
			}
			return found;
		}
		try (Cursor<String> cursor = this.redis.scan(options)) {
			cursor.forEachRemaining(found::add);
		}
		return found;
	}

	/** Every key under the prefix with its whole value, whatever its type, as text. */
	Map<String, String> dump() {
		Map<String, String> dump = new TreeMap<>();
		for (String key : keysMatching("*")) {
			dump.put(key, RedisValues.decoded(this.redis, key));
		}
		return dump;
	}

	@Override
	public void close() {
		if (this.cleansUp) {
			keysMatching("*").forEach(this.redis::delete);
		}
		this.factory.destroy();
	}

}
