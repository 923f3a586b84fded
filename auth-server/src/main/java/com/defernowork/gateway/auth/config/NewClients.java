package com.defernowork.gateway.auth.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

/**
 * A dynamically registered client carries {@code gateway.awaiting-first-token=true} in
 * its {@code ClientSettings} until it is first given a token. Anyone may register, so a
 * client nobody signs in through is reaped {@code auth.client-first-token-ttl} after it
 * registered (or after the idle time to live, if that is shorter), however often it is
 * looked up; a client given a token is reaped only once idle.
 */
public final class NewClients {

	public static final String SETTING = "gateway.awaiting-first-token";

	private NewClients() {
	}

	public static boolean awaitsFirstToken(RegisteredClient client) {
		Object value = client.getClientSettings().getSetting(SETTING);
		return Boolean.TRUE.equals(value) || "true".equals(value);
	}

	/**
	 * How long the store keeps the client unused: the idle time to live, or for a new
	 * client the first-token time to live if that is shorter.
	 */
	public static Duration timeToLive(RegisteredClient client, Duration idleTtl, Duration firstTokenTtl) {
		return (awaitsFirstToken(client) && firstTokenTtl.compareTo(idleTtl) < 0) ? firstTokenTtl : idleTtl;
	}

	/** The client as it is once given its first token. */
	public static RegisteredClient givenFirstToken(RegisteredClient client) {
		Map<String, Object> settings = new HashMap<>(client.getClientSettings().getSettings());
		settings.remove(SETTING);
		return RegisteredClient.from(client).clientSettings(ClientSettings.withSettings(settings).build()).build();
	}

}
