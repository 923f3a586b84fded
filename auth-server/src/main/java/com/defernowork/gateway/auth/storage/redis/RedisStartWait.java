package com.defernowork.gateway.auth.storage.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryState;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A start waits for a Redis that does not answer yet: outside an orchestrator that
 * restarts it, a failed start leaves one server fewer until an operator notices.
 */
final class RedisStartWait {

	private static final Logger logger = LoggerFactory.getLogger(RedisStartWait.class);

	private static final Duration DELAY = Duration.ofSeconds(2);

	static final String CONNECT_TIMEOUT = "a busy host may take longer than SPRING_DATA_REDIS_CONNECT_TIMEOUT to connect";

	private RedisStartWait() {
	}

	/** PINGs every 2 s for up to {@code wait}, then throws what the last try met. */
	static void until(StringRedisTemplate redis, Duration wait) {
		if (wait.isZero()) {
			ping(redis);
			return;
		}
		RetryTemplate retries = new RetryTemplate(RetryPolicy.builder()
			.predicate(RedisOutages::isStartOutage)
			.maxRetries(Long.MAX_VALUE)
			.delay(DELAY)
			.timeout(wait)
			.build());
		AtomicBoolean waited = new AtomicBoolean();
		retries.setRetryListener(new RetryListener() {
			@Override
			public void beforeRetry(RetryPolicy policy, Retryable<?> retryable, RetryState state) {
				// once: the wait is worth a line, not one per try
				waited.set(true);
				if (state.getRetryCount() == 1) {
					Throwable last = state.getLastException();
					logger.warn("Redis does not answer yet ({}); the start tries again every {} s for up to {} s{}",
							RedisOutages.describe(last), DELAY.toSeconds(), wait.toSeconds(),
							RedisOutages.isConnectTimeout(last) ? " (" + CONNECT_TIMEOUT + ")" : "");
				}
			}
		});
		try {
			retries.execute(() -> ping(redis));
			if (waited.get()) {
				logger.info("Redis answers; the start goes on");
			}
		}
		catch (RetryException ex) {
			if (ex.getLastException() instanceof RuntimeException last) {
				throw last;
			}
			throw new IllegalStateException(ex.getMessage(), ex.getLastException());
		}
	}

	private static String ping(StringRedisTemplate redis) {
		return redis.execute((RedisCallback<String>) RedisConnection::ping);
	}

}
