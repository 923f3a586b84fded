package com.defernowork.gateway.auth.cimd;

import java.util.ArrayList;
import java.util.List;

import com.defernowork.gateway.auth.storage.KeyValueStore;
import com.defernowork.gateway.auth.storage.redis.RedisKeyValueStore;
import com.defernowork.gateway.testsupport.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class RedisClientDocumentsIT extends AbstractClientDocumentsIT {

	private static final String PREFIX = TestRedis.uniquePrefix("cimd-it");

	private LettuceConnectionFactory connection;

	private StringRedisTemplate redis;

	@Override
	KeyValueStore store() {
		this.connection = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(TestRedis.host(), TestRedis.port()));
		this.connection.afterPropertiesSet();
		this.connection.start();
		this.redis = new StringRedisTemplate(this.connection);
		return new RedisKeyValueStore(this.redis, PREFIX);
	}

	@AfterEach
	void deleteKeys() {
		List<String> keys = keys();
		if (!keys.isEmpty()) {
			this.redis.delete(keys);
		}
		this.connection.destroy();
	}

	@Test
	void resolveWhenAnotherInstanceCachedTheDocumentThenNotFetchedAgain() {
		serve(json("Example").withHeader("Cache-Control", "max-age=300"));
		resolve();

		ClientDocuments otherInstance = documents(new RedisKeyValueStore(this.redis, PREFIX));

		assertThat(otherInstance.resolve(host.url(PATH)).clientName()).isEqualTo("Example");
		assertThat(host.fetches(PATH)).isEqualTo(1);
	}

	@Test
	void resolveWhenCachedThenOneKeyUnderThePrefixExpiringWithinTheBoundsPlusTheStaleness() {
		serve(json("Example").withHeader("Cache-Control", "max-age=300"));
		resolve();

		assertThat(keys()).singleElement().satisfies((key) -> {
			assertThat(key).startsWith(PREFIX + "cimd:").doesNotContain("https");
			// kept past its lifetime to stand in while its host is unavailable
			assertThat(this.redis.getExpire(key)).isGreaterThan(300)
				.isLessThanOrEqualTo(300 + STALE_IF_ERROR.toSeconds());
		});
	}

	private List<String> keys() {
		List<String> keys = new ArrayList<>();
		ScanOptions mine = ScanOptions.scanOptions().match(PREFIX + "*").count(1000).build();
		try (Cursor<String> cursor = this.redis.scan(mine)) {
			cursor.forEachRemaining(keys::add);
		}
		return keys;
	}

}
