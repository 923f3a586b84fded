package com.defernowork.gateway.testsupport.redis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedisLaunchersIT {

	@Test
	void clusterWhenStartedThenEverySlotIsServedAndKeysRouteAcrossNodes() {
		RedisProcess first;
		try (RedisClusterLauncher cluster = RedisClusterLauncher.start()) {
			first = cluster.nodes().get(0);
			assertThat(first.cli("CLUSTER", "INFO")).contains("cluster_slots_assigned:16384")
				.contains("cluster_known_nodes:3");
			for (int i = 0; i < 10; i++) {
				RedisCli.run(cluster.nodes().get(i % 3).port(), "-c", "SET", "key-" + i, "v" + i);
			}
			for (int i = 0; i < 10; i++) {
				assertThat(RedisCli.run(cluster.nodes().get((i + 1) % 3).port(), "-c", "GET", "key-" + i))
					.isEqualTo("v" + i);
			}
			assertThat(cluster.nodesProperty().split(",")).hasSize(3);
		}
		assertThat(first.isAlive()).isFalse();
	}

	@Test
	void sentinelWhenFailedOverThenTheReplicaIsPrimaryWithEveryWrite() {
		try (RedisSentinelLauncher sentinel = RedisSentinelLauncher.start()) {
			RedisProcess before = sentinel.primary();
			before.cli("SET", "grant", "kept");

			sentinel.failover();

			assertThat(sentinel.primary().port()).isNotEqualTo(before.port());
			assertThat(sentinel.primary().info("replication", "role")).isEqualTo("master");
			assertThat(sentinel.primary().cli("GET", "grant")).isEqualTo("kept");
			assertThat(sentinel.replica().port()).isEqualTo(before.port());
		}
	}

}
