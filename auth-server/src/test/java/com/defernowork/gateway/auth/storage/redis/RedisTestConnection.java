package com.defernowork.gateway.auth.storage.redis;

import java.util.ArrayList;
import java.util.List;

import com.defernowork.gateway.testsupport.TestRedis;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

/** A connection to the shared test Redis and a key prefix of this test's own, deleted on close. */
final class RedisTestConnection implements AutoCloseable {

	final String prefix;

	final LettuceConnectionFactory factory;

	final StringRedisTemplate redis;

	RedisTestConnection(String name) {
		this(name, TestRedis.uniquePrefix(name));
	}

	/** A connection cleaning up a prefix that something else (an application context) wrote under. */
	static RedisTestConnection forPrefix(String prefix) {
		return new RedisTestConnection(null, prefix);
	}

	private RedisTestConnection(String name, String prefix) {
		this.prefix = prefix;
		this.factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(TestRedis.host(), TestRedis.port()));
		this.factory.afterPropertiesSet();
		this.factory.start();
		this.redis = new StringRedisTemplate(this.factory);
	}

	RedisKeys keys() {
		return new RedisKeys(this.prefix);
	}

	List<String> keysMatching(String suffixPattern) {
		List<String> found = new ArrayList<>();
		try (Cursor<String> cursor = this.redis.scan(ScanOptions.scanOptions()
			.match(this.prefix + suffixPattern)
			.count(1000)
			.build())) {
			cursor.forEachRemaining(found::add);
		}
		return found;
	}

	@Override
	public void close() {
		List<String> mine = keysMatching("*");
		if (!mine.isEmpty()) {
			this.redis.delete(mine);
		}
		this.factory.destroy();
	}

}
