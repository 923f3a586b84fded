package com.defernowork.gateway.auth.storage.redis;

import java.util.List;
import java.util.function.Consumer;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Runs a group of writes as one MULTI/EXEC, so readers never see a document without its indexes. */
final class RedisTransactions {

	private final StringRedisTemplate redis;

	RedisTransactions(StringRedisTemplate redis) {
		this.redis = redis;
	}

	void run(Consumer<RedisOperations<String, String>> writes) {
		this.redis.execute(new SessionCallback<List<Object>>() {

			@Override
			@SuppressWarnings("unchecked")
			public <K, V> List<Object> execute(RedisOperations<K, V> operations) throws DataAccessException {
				RedisOperations<String, String> ops = (RedisOperations<String, String>) operations;
				ops.multi();
				writes.accept(ops);
				return ops.exec();
			}

		});
	}

}
