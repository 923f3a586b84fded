package com.defernowork.gateway.auth.registration;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;

import com.defernowork.gateway.auth.clientsecret.ClientSecretEncoder;
import com.defernowork.gateway.auth.config.AuthProperties;
import com.defernowork.gateway.auth.config.StaticClients;
import com.defernowork.gateway.model.exchange.TokenExchange;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.util.function.SingletonSupplier;

/**
 * The resource server's confidential client as {@code auth.rs-client.*} configures it:
 * client_secret_basic (and post), token exchange only, marked {@code gateway.static} so
 * that it may introspect and is never reaped.
 */
final class RsClient {

	private final AuthProperties.RsClient properties;

	private final Supplier<TokenSettings> tokenSettings;

	/**
	 * Encoded once: a short secret is BCrypt, far too slow to repeat for every request
	 * that finds the client missing.
	 */
	private final SingletonSupplier<String> encodedSecret;

	RsClient(AuthProperties.RsClient properties, Supplier<TokenSettings> tokenSettings, ClientSecretEncoder secrets) {
		this.properties = properties;
		this.tokenSettings = tokenSettings;
		this.encodedSecret = SingletonSupplier.of(() -> secrets.encode(properties.secret()));
	}

	String clientId() {
		return this.properties.id();
	}

	/**
	 * The same on every server, so that two of them registering it at once (a first
	 * start, or a restore after Redis lost its data) write one client, not two.
	 */
	String fixedId() {
		return UUID.nameUUIDFromBytes(("gateway-rs-client:" + clientId()).getBytes(StandardCharsets.UTF_8)).toString();
	}

	/**
	 * The registration, keeping the id and issue time of the one already stored (its id
	 * is kept across restarts, so a persistent store holds one entry), else under the
	 * {@link #fixedId() fixed id}.
	 */
	RegisteredClient registration(RegisteredClient existing) {
		return RegisteredClient.withId((existing != null) ? existing.getId() : fixedId())
			.clientId(clientId())
			.clientIdIssuedAt((existing != null) ? existing.getClientIdIssuedAt() : Instant.now())
			.clientName("MCP resource server")
			.clientSecret(this.encodedSecret.obtain())
			// both methods the introspection metadata advertises
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
			// token exchange only: the resource server needs no token of its own
			.authorizationGrantType(new AuthorizationGrantType(TokenExchange.GRANT_TYPE))
			.clientSettings(ClientSettings.builder()
				.requireAuthorizationConsent(false)
				.setting(StaticClients.SETTING, true)
				.build())
			.tokenSettings(this.tokenSettings.get())
			.build();
	}

}
