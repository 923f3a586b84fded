package com.defernowork.gateway.auth.upstream;

import com.defernowork.gateway.auth.storage.KeyValueStore;

/**
 * The gateway's own registration at Deferno's native OAuth, kept so it registers once per
 * (Deferno, callback) pair rather than at every sign-in: under
 * {@code upstream:native-client:<key>} in the store's key-value port, without expiry (a
 * public client id is no secret).
 */
final class NativeClientStore {

	private static final String PREFIX = "upstream:native-client:";

	private final KeyValueStore store;

	NativeClientStore(KeyValueStore store) {
		this.store = store;
	}

	String find(String key) {
		return this.store.get(PREFIX + key);
	}

	void save(String key, String clientId) {
		this.store.put(PREFIX + key, clientId, null);
	}

	void forget(String key) {
		this.store.delete(PREFIX + key);
	}

}
