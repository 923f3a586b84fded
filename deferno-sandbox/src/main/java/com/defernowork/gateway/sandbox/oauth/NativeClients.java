package com.defernowork.gateway.sandbox.oauth;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/** The registered native OAuth clients, in memory. */
@Component
final class NativeClients {

	private final Map<String, NativeClient> clients = new ConcurrentHashMap<>();

	void save(NativeClient client) {
		this.clients.put(client.clientId(), client);
	}

	Optional<NativeClient> find(String clientId) {
		return Optional.ofNullable((clientId != null) ? this.clients.get(clientId) : null);
	}

}
