package com.defernowork.gateway.auth.storage.redis;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;

import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;

/**
 * Redis client behaviour for an outage, beside the command and connect timeouts of
 * {@code spring.data.redis.*}: while the connection is down, commands fail at once
 * instead of queueing until their timeout (and a queued write never runs later, after its
 * caller was told it failed); reconnection is retried at least every second, so the
 * server is back within moments of Redis.
 */
final class RedisFailFast implements LettuceClientOptionsBuilderCustomizer, ClientResourcesBuilderCustomizer {

	static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

	@Override
	public void customize(ClientOptions.Builder options) {
		options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
	}

	@Override
	public void customize(ClientResources.Builder resources) {
		resources
			.reconnectDelay(Delay.exponential(Duration.ofMillis(50), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS));
	}

}
