package com.defernowork.gateway.auth.storage.redis;

import io.lettuce.core.ReadFrom;

import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration.LettuceClientConfigurationBuilder;

/**
 * Behind Sentinel, commands follow a promoted replica as soon as the sentinels announce
 * it. Without a read-from setting, Lettuce asks the sentinels for the primary only when
 * it connects, so after a failover it kept writing to the old primary until the sentinels
 * turned that into a replica (10 s and more), which then dropped every write it had
 * acknowledged. Reading from the primary makes Spring Data Redis connect through
 * Lettuce's primary/replica client, which listens to the sentinels' announcements. An
 * operator's own {@code spring.data.redis.lettuce.read-from} is kept.
 */
final class SentinelPrimaryFollowing implements LettuceClientConfigurationBuilderCustomizer {

	private final boolean sentinel;

	private final boolean readFromSet;

	SentinelPrimaryFollowing(DataRedisProperties properties) {
		this.sentinel = properties.getSentinel() != null && properties.getSentinel().getMaster() != null;
		this.readFromSet = properties.getLettuce().getReadFrom() != null;
	}

	@Override
	public void customize(LettuceClientConfigurationBuilder builder) {
		if (this.sentinel && !this.readFromSet) {
			builder.readFrom(ReadFrom.UPSTREAM);
		}
	}

}
