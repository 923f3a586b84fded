package com.defernowork.gateway.auth.config;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Clients the server configures itself (the resource server's client) carry
 * {@code gateway.static=true} in their {@code ClientSettings}: the store never reaps them
 * for being idle. Every other client expires after {@code auth.client-idle-ttl} without a
 * lookup.
 */
public final class StaticClients {

	public static final String SETTING = "gateway.static";

	private StaticClients() {
	}

	public static boolean isStatic(RegisteredClient client) {
		return GatewayClientSettings.isSet(client, SETTING);
	}

}
