package com.defernowork.gateway.auth.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

/**
 * A dynamically registered client, or a metadata document client first admitted with no
 * one signed in, carries {@code gateway.unclaimed=true} in its {@code ClientSettings}
 * until a signed-in person is asked to approve it (a new client's first authorization
 * always shows the consent page) or, for a document client, asks for it signed in. Anyone
 * may register, so a client no one has signed in for is reaped
 * {@code auth.client-unclaimed-ttl} after it registered, however often it is looked up; a
 * claimed client is reaped only once idle.
 */
public final class NewClients {

	public static final String SETTING = "gateway.unclaimed";

	private NewClients() {
	}

	public static boolean isUnclaimed(RegisteredClient client) {
		return GatewayClientSettings.isSet(client, SETTING);
	}

	/**
	 * How long the store keeps the client unused: the idle time to live, or for an
	 * unclaimed client the unclaimed time to live if that is shorter.
	 */
	public static Duration timeToLive(RegisteredClient client, Duration idleTtl, Duration unclaimedTtl) {
		return (isUnclaimed(client) && unclaimedTtl.compareTo(idleTtl) < 0) ? unclaimedTtl : idleTtl;
	}

	/** The client as it is until claimed. */
	public static RegisteredClient unclaimed(RegisteredClient client) {
		Map<String, Object> settings = new HashMap<>(client.getClientSettings().getSettings());
		settings.put(SETTING, true);
		return RegisteredClient.from(client).clientSettings(ClientSettings.withSettings(settings).build()).build();
	}

	/** The client as it is once claimed. */
	public static RegisteredClient claimed(RegisteredClient client) {
		Map<String, Object> settings = new HashMap<>(client.getClientSettings().getSettings());
		settings.remove(SETTING);
		return RegisteredClient.from(client).clientSettings(ClientSettings.withSettings(settings).build()).build();
	}

}
