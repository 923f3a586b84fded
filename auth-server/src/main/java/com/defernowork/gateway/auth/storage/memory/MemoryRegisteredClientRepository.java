package com.defernowork.gateway.auth.storage.memory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.util.Assert;

/** Registered clients in a map; unlike the framework's in-memory repository it may start empty. */
public final class MemoryRegisteredClientRepository implements RegisteredClientRepository {

	private final Map<String, RegisteredClient> byId = new ConcurrentHashMap<>();

	private final Map<String, RegisteredClient> byClientId = new ConcurrentHashMap<>();

	@Override
	public void save(RegisteredClient registeredClient) {
		Assert.notNull(registeredClient, "registeredClient cannot be null");
		RegisteredClient previous = this.byId.put(registeredClient.getId(), registeredClient);
		if (previous != null) {
			this.byClientId.remove(previous.getClientId());
		}
		this.byClientId.put(registeredClient.getClientId(), registeredClient);
	}

	@Override
	public RegisteredClient findById(String id) {
		return this.byId.get(id);
	}

	@Override
	public RegisteredClient findByClientId(String clientId) {
		return this.byClientId.get(clientId);
	}

}
