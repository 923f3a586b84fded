package com.defernowork.gateway.auth.config;

/** Names of the gateway's own entries in a registered client's {@code ClientSettings}. */
public final class GatewayClientSettings {

	/** The {@code client_uri} a dynamically registered client gave, shown on the consent page. */
	public static final String CLIENT_URI = "gateway.client-uri";

	/** SHA-256 (base64url) of the RFC 7592 registration access token; the token itself is never stored. */
	public static final String REGISTRATION_TOKEN_HASH = "gateway.registration-token-hash";

	/** The client metadata as registered (JSON), echoed by the RFC 7592 read. */
	public static final String METADATA = "gateway.metadata";

	private GatewayClientSettings() {
	}

}
