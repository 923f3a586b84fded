package com.defernowork.gateway.auth.upstream;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

final class MemoryNativeClientStore implements NativeClientStore {

	private final Map<String, String> clientIds = new ConcurrentHashMap<>();

	@Override
	public String find(String key) {
		return this.clientIds.get(key);
	}

	@Override
	public void save(String key, String clientId) {
		this.clientIds.put(key, clientId);
	}

	@Override
	public void forget(String key) {
		this.clientIds.remove(key);
	}

}
