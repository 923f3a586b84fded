package com.defernowork.gateway.auth.storage.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import com.defernowork.gateway.auth.storage.ScoredSets;
import com.defernowork.gateway.auth.storage.ScoredSetsContract;
import com.defernowork.gateway.testsupport.redis.RedisClusterLauncher;

/** Sorted sets on a 3-master Redis Cluster of its own (the replace script included). */
class RedisClusterScoredSetsIT extends ScoredSetsContract {

	private static RedisClusterLauncher cluster;

	private RedisTestConnection connection;

	private RedisScoredSets sets;

	@BeforeAll
	static void startCluster() {
		cluster = RedisClusterLauncher.start();
	}

	@AfterAll
	static void stopCluster() {
		cluster.close();
	}

	@Override
	protected ScoredSets sets() {
		if (this.sets == null) {
			this.connection = RedisTestConnection.onCluster(cluster, "scored-sets-cluster");
			this.sets = new RedisScoredSets(this.connection.redis, this.connection.prefix);
		}
		return this.sets;
	}

	@AfterEach
	void cleanUp() {
		if (this.connection != null) {
			this.connection.close();
		}
	}

}
