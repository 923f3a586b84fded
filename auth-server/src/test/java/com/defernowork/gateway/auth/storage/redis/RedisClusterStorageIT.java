package com.defernowork.gateway.auth.storage.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import com.defernowork.gateway.testsupport.redis.RedisClusterLauncher;

/** The store on a 3-master Redis Cluster of its own: no command spans two hash slots. */
class RedisClusterStorageIT extends RedisStorageContract {

	private static RedisClusterLauncher cluster;

	@BeforeAll
	static void startCluster() {
		cluster = RedisClusterLauncher.start();
	}

	@AfterAll
	static void stopCluster() {
		cluster.close();
	}

	@Override
	protected RedisTestConnection connect() {
		return RedisTestConnection.onCluster(cluster, "auth-cluster");
	}

}
