package com.defernowork.gateway.auth.storage.redis;

import java.util.Collection;
import java.util.stream.Collectors;

import io.lettuce.core.RedisCommandExecutionException;

import org.springframework.boot.data.redis.health.DataRedisHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisNode;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The {@code redis} health component, Spring Boot's, saying when Redis cannot be read
 * what the driver said (the address it could not reach, or Redis's refusal) and what to
 * change; Boot's own says only the wrapping exception's "Redis exception".
 */
final class RedisHealthIndicator extends DataRedisHealthIndicator {

	static final String UNREACHABLE = "Redis does not answer";

	static final String START_OR_CORRECT = "Start Redis, or correct REDIS_URL (or spring.data.redis.*)";

	/** Where Redis is looked for (no password: the URL may carry one). */
	private final String address;

	RedisHealthIndicator(RedisConnectionFactory connections) {
		super(connections);
		this.address = addressOf(connections);
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		try {
			super.doHealthCheck(builder);
		}
		catch (RuntimeException ex) {
			RedisCommandExecutionException refusal = RedisOutages.refusal(ex);
			if (refusal != null) {
				builder.down()
					.withDetail("reason", "Redis refuses the auth server's commands")
					.withDetail("address", this.address)
					.withDetail("redisSays", String.valueOf(refusal.getMessage()))
					.withDetail("whatToChange", RedisOutages.whatToChange(refusal));
			}
			else if (RedisOutages.isOutage(ex)) {
				builder.down()
					.withDetail("reason", UNREACHABLE)
					.withDetail("address", this.address)
					.withDetail("redisSays", RedisOutages.describe(ex))
					.withDetail("whatToChange", START_OR_CORRECT);
			}
			else {
				throw ex;
			}
		}
	}

	private static String addressOf(RedisConnectionFactory connections) {
		if (!(connections instanceof LettuceConnectionFactory lettuce)) {
			return "see REDIS_URL";
		}
		RedisClusterConfiguration cluster = lettuce.getClusterConfiguration();
		if (cluster != null) {
			return "cluster nodes " + nodes(cluster.getClusterNodes());
		}
		RedisSentinelConfiguration sentinel = lettuce.getSentinelConfiguration();
		if (sentinel != null) {
			return "primary " + sentinel.getMaster().getName() + " via sentinels " + nodes(sentinel.getSentinels());
		}
		return lettuce.getHostName() + ":" + lettuce.getPort();
	}

	private static String nodes(Collection<RedisNode> nodes) {
		return nodes.stream().map((node) -> node.getHost() + ":" + node.getPort()).collect(Collectors.joining(", "));
	}

}
