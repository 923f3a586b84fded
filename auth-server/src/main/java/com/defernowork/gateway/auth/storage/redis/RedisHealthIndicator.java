package com.defernowork.gateway.auth.storage.redis;

import java.util.Collection;
import java.util.stream.Collectors;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.cluster.SlotHash;

import org.springframework.boot.data.redis.health.DataRedisHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisNode;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Boot's {@code redis} health component, saying what the driver said and what to change
 * when Redis cannot be read, where Boot's says only "Redis exception".
 */
final class RedisHealthIndicator extends DataRedisHealthIndicator {

	static final String UNREACHABLE = "Redis does not answer";

	static final String START_OR_CORRECT = "Start Redis, or correct REDIS_URL (or spring.data.redis.*)";

	static final String START_OR_CORRECT_CLUSTER = "Start the cluster's nodes, or correct "
			+ "SPRING_DATA_REDIS_CLUSTER_NODES (any of its nodes, ideally all)";

	/** No password: the URL may carry one. */
	private final String address;

	private final boolean cluster;

	private final RedisReconnections reconnections;

	RedisHealthIndicator(RedisConnectionFactory connections, RedisReconnections reconnections) {
		super(connections);
		this.reconnections = reconnections;
		this.address = addressOf(connections);
		this.cluster = connections instanceof LettuceConnectionFactory lettuce
				&& lettuce.getClusterConfiguration() != null;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		try {
			super.doHealthCheck(builder);
			if (this.cluster && builder.build().getDetails().get("slots_up") instanceof Number up
					&& up.longValue() < SlotHash.SLOT_COUNT) {
				// Boot says UP until the cluster as a whole fails, while a primary that
				// crashed and is not yet replaced fails every command for its slots
				builder.down()
					.withDetail("reason",
							(SlotHash.SLOT_COUNT - up.longValue()) + " of " + SlotHash.SLOT_COUNT
									+ " slots have no primary that answers: commands for their keys fail until a "
									+ "replica takes over or the primary is back")
					.withDetail("address", this.address);
			}
		}
		catch (RuntimeException ex) {
			RedisCommandExecutionException refusal = RedisOutages.refusal(ex);
			boolean outage = RedisOutages.isOutage(ex);
			RedisCommandExecutionException reconnection = outage ? this.reconnections.refusal() : null;
			if (reconnection != null) {
				// not connected, because Redis refuses the connection (a password asked)
				down(builder, "Redis refuses the auth server's connection", String.valueOf(reconnection.getMessage()),
						RedisOutages.whatToChange(reconnection));
			}
			else if (refusal != null) {
				down(builder, "Redis refuses the auth server's commands", String.valueOf(refusal.getMessage()),
						RedisOutages.whatToChange(refusal));
			}
			else if (RedisOutages.isTimeout(ex)) {
				down(builder, "Redis does not answer in time", RedisOutages.describe(ex), RedisOutages.SLOW);
			}
			else if (outage) {
				down(builder, UNREACHABLE, RedisOutages.describe(ex), RedisOutages.isConnectTimeout(ex)
						? RedisOutages.SLOW_TO_CONNECT : this.cluster ? START_OR_CORRECT_CLUSTER : START_OR_CORRECT);
			}
			else {
				throw ex;
			}
		}
	}

	private void down(Health.Builder builder, String reason, String redisSays, String whatToChange) {
		builder.down()
			.withDetail("reason", reason)
			.withDetail("address", this.address)
			.withDetail("redisSays", redisSays)
			.withDetail("whatToChange", whatToChange);
	}

	static String addressOf(RedisConnectionFactory connections) {
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
