package com.defernowork.gateway.auth.storage.redis;

import org.junit.jupiter.api.AfterEach;

import com.defernowork.gateway.auth.storage.ScoredSets;
import com.defernowork.gateway.auth.storage.ScoredSetsContract;

/** Sorted sets on the test Redis, under a prefix of their own. */
class RedisScoredSetsIT extends ScoredSetsContract {

	private final RedisTestConnection connection = new RedisTestConnection("scored-sets");

	private final RedisScoredSets sets = new RedisScoredSets(this.connection.redis, this.connection.prefix);

	@AfterEach
	void cleanUp() {
		this.connection.close();
	}

	@Override
	protected ScoredSets sets() {
		return this.sets;
	}

}
