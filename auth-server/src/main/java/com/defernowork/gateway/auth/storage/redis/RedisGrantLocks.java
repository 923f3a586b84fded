package com.defernowork.gateway.auth.storage.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import com.defernowork.gateway.auth.storage.GrantBusyException;
import com.defernowork.gateway.auth.storage.GrantLocks;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * A lease per grant in Redis ({@code SET NX PX}), released only by its owner. The lease outlives any refresh by far;
 * if an instance dies holding it, it lapses after {@code lease}. A request that cannot get the lease within
 * {@code wait} fails rather than racing.
 */
final class RedisGrantLocks implements GrantLocks {

	private static final RedisScript<Long> RELEASE = new DefaultRedisScript<>(
			"if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end",
			Long.class);

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final Duration lease;

	private final Duration wait;

	RedisGrantLocks(StringRedisTemplate redis, RedisKeys keys, Duration lease, Duration wait) {
		this.redis = redis;
		this.keys = keys;
		this.lease = lease;
		this.wait = wait;
	}

	@Override
	public <T> T withLock(String authorizationId, Supplier<T> work) {
		String key = this.keys.grantLock(authorizationId);
		String owner = UUID.randomUUID().toString();
		acquire(key, owner);
		try {
			return work.get();
		}
		finally {
			this.redis.execute(RELEASE, List.of(key), owner);
		}
	}

	private void acquire(String key, String owner) {
		Instant deadline = Instant.now().plus(this.wait);
		while (!Boolean.TRUE.equals(this.redis.opsForValue().setIfAbsent(key, owner, this.lease))) {
			if (Instant.now().isAfter(deadline)) {
				throw new GrantBusyException("grant is busy: could not lock " + key + " within " + this.wait);
			}
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while waiting for " + key, ex);
			}
		}
	}

}
