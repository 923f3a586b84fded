package com.defernowork.gateway.sandbox.oauth;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * The registered native OAuth clients. A client id encodes its own registration (name and
 * redirect URIs), so a gateway that registered once keeps working after the in-memory
 * sandbox restarts; registration is open anyway, so the encoding grants nothing a caller
 * could not get by registering.
 */
@Component
final class NativeClients {

	private static final String PREFIX = "sbx_";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Map<String, NativeClient> clients = new ConcurrentHashMap<>();

	NativeClient register(String clientName, List<String> redirectUris, Instant now) {
		Map<String, Object> registration = Map.of("n", clientName, "r", redirectUris);
		String clientId = PREFIX + Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(json.writeValueAsString(registration).getBytes(StandardCharsets.UTF_8));
		NativeClient client = new NativeClient(clientId, clientName, List.copyOf(redirectUris), now);
		this.clients.putIfAbsent(clientId, client);
		return this.clients.get(clientId);
	}

	Optional<NativeClient> find(String clientId) {
		if (clientId == null) {
			return Optional.empty();
		}
		NativeClient known = this.clients.get(clientId);
		return (known != null) ? Optional.of(known) : Optional.ofNullable(decode(clientId));
	}

	private static NativeClient decode(String clientId) {
		if (!clientId.startsWith(PREFIX)) {
			return null;
		}
		try {
			JsonNode registration = json.readTree(Base64.getUrlDecoder().decode(clientId.substring(PREFIX.length())));
			List<String> redirectUris = new ArrayList<>();
			registration.path("r").forEach((uri) -> redirectUris.add(uri.asString()));
			String name = registration.path("n").asString();
			if (redirectUris.isEmpty() || name.isEmpty()) {
				return null;
			}
			return new NativeClient(clientId, name, List.copyOf(redirectUris), Instant.EPOCH);
		}
		catch (RuntimeException ex) {
			// not one of ours: unknown client
			return null;
		}
	}

}
