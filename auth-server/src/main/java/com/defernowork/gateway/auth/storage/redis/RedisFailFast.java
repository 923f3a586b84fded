package com.defernowork.gateway.auth.storage.redis;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;

import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;

/**
 * Redis client behaviour for an outage: while the connection is down, commands fail at
 * once instead of queueing until their timeout (and a queued write never runs after its
 * caller was told it failed); reconnection is retried at least every second; on a
 * Cluster, the layout is read again within a second of a sign of change (each read during
 * an outage a Lettuce warning, hence its level ERROR in {@code application.yml}).
 */
final class RedisFailFast implements LettuceClientOptionsBuilderCustomizer, ClientResourcesBuilderCustomizer {

	static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

	/** Lettuce's default is 5 s. */
	private static final Duration LAYOUT_READ_INTERVAL = Duration.ofSeconds(1);

	private final DataRedisProperties.Lettuce.Cluster.Refresh clusterRefresh;

	RedisFailFast(DataRedisProperties properties) {
		this.clusterRefresh = properties.getLettuce().getCluster().getRefresh();
	}

	@Override
	public void customize(ClientOptions.Builder options) {
		options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
		if (options instanceof ClusterClientOptions.Builder cluster) {
			cluster.topologyRefreshOptions(topologyRefresh(this.clusterRefresh));
		}
	}

	/**
	 * Boot's refresh settings, with a replica promoted for a crashed primary found within
	 * a second, not up to 5 s later, while every command for that primary's keys fails.
	 */
	private static ClusterTopologyRefreshOptions topologyRefresh(DataRedisProperties.Lettuce.Cluster.Refresh settings) {
		ClusterTopologyRefreshOptions.Builder refresh = ClusterTopologyRefreshOptions.builder()
			.enableAllAdaptiveRefreshTriggers()
			.adaptiveRefreshTriggersTimeout(LAYOUT_READ_INTERVAL)
			.dynamicRefreshSources(settings.isDynamicRefreshSources());
		if (settings.getPeriod() != null) {
			refresh.enablePeriodicRefresh(settings.getPeriod());
		}
		return refresh.build();
	}

	@Override
	public void customize(ClientResources.Builder resources) {
		resources
			.reconnectDelay(Delay.exponential(Duration.ofMillis(50), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS));
	}

}
