package com.defernowork.gateway.auth.config;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/** Names of the gateway's own entries in a registered client's {@code ClientSettings}. */
public final class GatewayClientSettings {

	/** The {@code client_uri} a client gave, shown on the consent page. */
	public static final String CLIENT_URI = "gateway.client-uri";

	/** A client's {@code policy_uri} (privacy policy), shown like its home page. */
	public static final String POLICY_URI = "gateway.policy-uri";

	/** A client's {@code tos_uri} (terms of service), shown like its home page. */
	public static final String TOS_URI = "gateway.tos-uri";

	/**
	 * The host of a client whose {@code client_id} is the URL of its metadata document,
	 * e.g. {@code claude.ai}: the one thing about it this server has verified, shown on
	 * the consent and connected-apps pages.
	 */
	public static final String VERIFIED_ORIGIN = "gateway.verified-origin";

	/** SHA-256 of the RFC 7592 registration access token, which is never stored. */
	public static final String REGISTRATION_TOKEN_HASH = "gateway.registration-token-hash";

	/** The client metadata as registered (JSON), echoed by the RFC 7592 read. */
	public static final String METADATA = "gateway.metadata";

	/** The name of a registered client that gave none. */
	public static final String UNNAMED = "Unnamed application";

	private GatewayClientSettings() {
	}

	/**
	 * Whether the client (null: unknown) gave a name of its own that can be shown: one
	 * stored before registration refused a character it holds
	 * ({@link InvisibleCharacters}) counts as none.
	 */
	public static boolean isNamed(RegisteredClient client) {
		String name = (client != null) ? client.getClientName() : null;
		return name != null && !name.isBlank() && !UNNAMED.equals(name) && !InvisibleCharacters.in(name);
	}

	/** The name a page shows for the client. */
	public static String shownName(RegisteredClient client) {
		return isNamed(client) ? client.getClientName() : UNNAMED;
	}

	/** Stored as JSON, a flag may come back as a string. */
	static boolean isSet(RegisteredClient client, String setting) {
		Object value = client.getClientSettings().getSetting(setting);
		return Boolean.TRUE.equals(value) || "true".equals(value);
	}

}
