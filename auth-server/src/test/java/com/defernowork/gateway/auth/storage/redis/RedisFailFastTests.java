package com.defernowork.gateway.auth.storage.redis;

import java.time.Duration;
import java.util.EnumSet;

import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions.RefreshTrigger;
import org.junit.jupiter.api.Test;

import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;

import static org.assertj.core.api.Assertions.assertThat;

class RedisFailFastTests {

	@Test
	void clusterOptionsWhenCustomizedThenLayoutReadAgainWithinASecondOfAChangeAndBootsSettingsKept() {
		DataRedisProperties properties = new DataRedisProperties();
		properties.getLettuce().getCluster().getRefresh().setPeriod(Duration.ofMinutes(2));
		properties.getLettuce().getCluster().getRefresh().setDynamicRefreshSources(false);
		ClusterClientOptions.Builder builder = ClusterClientOptions.builder();

		new RedisFailFast(properties).customize(builder);

		ClusterTopologyRefreshOptions refresh = builder.build().getTopologyRefreshOptions();
		assertThat(refresh.getAdaptiveRefreshTimeout()).isEqualTo(Duration.ofSeconds(1));
		assertThat(refresh.getAdaptiveRefreshTriggers()).containsAll(EnumSet.of(RefreshTrigger.MOVED_REDIRECT,
				RefreshTrigger.PERSISTENT_RECONNECTS, RefreshTrigger.UNCOVERED_SLOT, RefreshTrigger.UNKNOWN_NODE));
		assertThat(refresh.isPeriodicRefreshEnabled()).isTrue();
		assertThat(refresh.getRefreshPeriod()).isEqualTo(Duration.ofMinutes(2));
		assertThat(refresh.useDynamicRefreshSources()).isFalse();
	}

}
