package com.defernowork.gateway.auth.registration;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import com.defernowork.gateway.auth.clientsecret.ClientSecretEncoder;
import com.defernowork.gateway.auth.config.AuthProperties;
import com.defernowork.gateway.auth.config.StaticClients;
import com.defernowork.gateway.auth.storage.StorageKind;
import com.defernowork.gateway.auth.token.ClientTokenSettings;
import com.defernowork.gateway.model.exchange.TokenExchange;
import com.defernowork.gateway.web.settings.InvalidSettingException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.stereotype.Component;

/**
 * Registers (or updates) the resource server's confidential client at every start, from
 * {@code auth.rs-client.*}: client_secret_basic, client credentials and token exchange,
 * marked {@code gateway.static} so that it may introspect and is never reaped. Its id is
 * kept across restarts so a persistent store holds one entry.
 */
@Component
final class RsClientRegistrar implements ApplicationRunner {

	private final RegisteredClientRepository clients;

	private final AuthProperties properties;

	private final ClientTokenSettings tokenSettings;

	static final String DEFAULT_SECRET = "change-me-rs-secret";

	private static final Logger logger = LoggerFactory.getLogger(RsClientRegistrar.class);

	private final ClientSecretEncoder secretEncoder;

	RsClientRegistrar(RegisteredClientRepository clients, AuthProperties properties, ClientTokenSettings tokenSettings,
			ClientSecretEncoder secretEncoder, Environment environment) {
		refuseKnownSecretInRedis(properties.rsClient().secret(), StorageKind.resolve(environment));
		this.clients = clients;
		this.secretEncoder = secretEncoder;
		this.properties = properties;
		this.tokenSettings = tokenSettings;
	}

	/**
	 * In Redis the client outlives this process and serves every instance: under the
	 * built-in secret (or none), anyone could exchange any person's MCP token for their
	 * Deferno token. Checked while the context starts, before any request is served.
	 */
	static void refuseKnownSecretInRedis(String secret, StorageKind storage) {
		if (storage == StorageKind.REDIS && (secret == null || secret.isBlank() || DEFAULT_SECRET.equals(secret))) {
			// the value itself stays out of the report
			throw InvalidSettingException.required("RS_CLIENT_SECRET (auth.rs-client.secret)",
					"a value of your own with Redis storage, the same on both servers (e.g. `openssl rand -base64 32`)",
					(secret == null || secret.isBlank()) ? "" : "the built-in example value");
		}
	}

	@Override
	public void run(ApplicationArguments args) {
		AuthProperties.RsClient rs = this.properties.rsClient();
		if (!ClientSecretEncoder.isHighEntropy(rs.secret())) {
			logger.warn("RS_CLIENT_SECRET (auth.rs-client.secret) is shorter than {} characters or not varied: it is"
					+ " stored with BCrypt, a slow hash checked at every introspection and token exchange. Use a random"
					+ " value such as `openssl rand -base64 32` on both servers.",
					ClientSecretEncoder.HIGH_ENTROPY_LENGTH);
		}
		register(this.clients.findByClientId(rs.id()));
	}

	/**
	 * Registers the client again when the store lost it (Redis emptied or restored from
	 * an old backup): without it every token check of the resource server fails until a
	 * restart.
	 */
	void restoreIfMissing() {
		if (this.clients.findByClientId(this.properties.rsClient().id()) == null) {
			logger.warn("The resource server's client {} was missing from the store (did Redis lose its data?); "
					+ "registered it again", this.properties.rsClient().id());
			register(null);
		}
	}

	/**
	 * The same on every server, so that two of them registering it at once (a first
	 * start, or a restore after Redis lost its data) write one client, not two.
	 */
	private static String fixedId(String clientId) {
		return UUID.nameUUIDFromBytes(("gateway-rs-client:" + clientId).getBytes(StandardCharsets.UTF_8)).toString();
	}

	private void register(RegisteredClient existing) {
		AuthProperties.RsClient rs = this.properties.rsClient();
		this.clients.save(RegisteredClient.withId((existing != null) ? existing.getId() : fixedId(rs.id()))
			.clientId(rs.id())
			.clientIdIssuedAt((existing != null) ? existing.getClientIdIssuedAt() : Instant.now())
			.clientName("MCP resource server")
			.clientSecret(this.secretEncoder.encode(rs.secret()))
			// both methods the introspection metadata advertises
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
			// token exchange only: the resource server needs no token of its own
			.authorizationGrantType(new AuthorizationGrantType(TokenExchange.GRANT_TYPE))
			.clientSettings(ClientSettings.builder()
				.requireAuthorizationConsent(false)
				.setting(StaticClients.SETTING, true)
				.build())
			.tokenSettings(this.tokenSettings.build())
			.build());
	}

}
