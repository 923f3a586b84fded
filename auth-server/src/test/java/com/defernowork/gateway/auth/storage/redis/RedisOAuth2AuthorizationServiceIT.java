package com.defernowork.gateway.auth.storage.redis;

/** The store on the single Redis every test shares, under a key prefix of its own. */
class RedisOAuth2AuthorizationServiceIT extends RedisStorageContract {

	@Override
	protected RedisTestConnection connect() {
		return new RedisTestConnection("auth-storage");
	}

}
