package com.defernowork.gateway.auth.registration;

import com.defernowork.gateway.auth.clientsecret.ClientSecretEncoder;
import com.defernowork.gateway.auth.config.AuthProperties;
import com.defernowork.gateway.auth.storage.StorageKind;
import com.defernowork.gateway.web.settings.InvalidSettingException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Registers (or updates) the resource server's confidential client ({@link RsClient}) at
 * every start, from {@code auth.rs-client.*}. Should the store lose it later, the store
 * itself puts it back at the next lookup ({@link RsClientRepository}).
 */
@Component
final class RsClientRegistrar implements ApplicationRunner {

	static final String DEFAULT_SECRET = "change-me-rs-secret";

	private static final Logger logger = LoggerFactory.getLogger(RsClientRegistrar.class);

	private final RsClientRepository clients;

	private final AuthProperties properties;

	RsClientRegistrar(RsClientRepository clients, AuthProperties properties, Environment environment) {
		refuseKnownSecretInRedis(properties.rsClient().secret(), StorageKind.resolve(environment));
		this.clients = clients;
		this.properties = properties;
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
		this.clients.register();
	}

}
