package com.defernowork.gateway.auth.registration;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

import com.defernowork.gateway.auth.clientsecret.ClientSecretEncoder;
import com.defernowork.gateway.auth.config.AuthProperties;
import com.defernowork.gateway.auth.config.RedirectUris;
import com.defernowork.gateway.auth.storage.StorageKind;
import com.defernowork.gateway.web.settings.InvalidSettingException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Registers (or updates) the resource server's confidential client ({@link RsClient}) at
 * every start, from {@code auth.rs-client.*}, before the server takes requests: a
 * resource server's first introspection would otherwise find it missing on a new store,
 * and the log take that for lost data. Should the store lose it later, the store itself
 * puts it back at the next lookup ({@link RsClientRepository}).
 */
@Component
final class RsClientRegistrar implements SmartInitializingSingleton {

	static final String DEFAULT_SECRET = "change-me-rs-secret";

	private static final Logger logger = LoggerFactory.getLogger(RsClientRegistrar.class);

	private final RsClientRepository clients;

	private final AuthProperties properties;

	RsClientRegistrar(RsClientRepository clients, AuthProperties properties, Environment environment) {
		refuseKnownSecret(properties.rsClient().secret(), StorageKind.resolve(environment),
				environment.getProperty("server.address"), properties.issuer());
		this.clients = clients;
		this.properties = properties;
	}

	/**
	 * Under the built-in secret (or none), anyone who reaches the token endpoint could
	 * exchange any person's MCP token for their Deferno token. It is taken only where no
	 * one else can reach it: memory storage (the client dies with this process), a
	 * loopback listening address and a loopback issuer, as in a developer's own run. In
	 * Redis the client outlives this process and serves every instance. Checked while the
	 * context starts, before any request is served.
	 */
	static void refuseKnownSecret(String secret, StorageKind storage, String serverAddress, String issuer) {
		boolean known = secret == null || secret.isBlank() || DEFAULT_SECRET.equals(secret);
		if (!known || (storage == StorageKind.MEMORY && isLoopbackAddress(serverAddress)
				&& RedirectUris.isLoopbackHost(URI.create(issuer).getHost()))) {
			return;
		}
		String where = (storage == StorageKind.REDIS) ? "with Redis storage"
				: "unless both SERVER_ADDRESS and AUTH_ISSUER are loopback (listening on "
						+ (StringUtils.hasText(serverAddress) ? serverAddress : "every address") + ", issuer " + issuer
						+ ")";
		// the value itself stays out of the report
		throw InvalidSettingException.required("RS_CLIENT_SECRET (auth.rs-client.secret)",
				"a value of your own " + where + ", the same on both servers (e.g. `openssl rand -base64 32`)",
				(secret == null || secret.isBlank()) ? "" : "the built-in example value");
	}

	/** Unset is every address, as the server binds then. */
	private static boolean isLoopbackAddress(String address) {
		if (!StringUtils.hasText(address)) {
			return false;
		}
		try {
			return InetAddress.getByName(address).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	@Override
	public void afterSingletonsInstantiated() {
		String warning = weakSecretWarning(this.properties.rsClient().secret());
		if (warning != null) {
			logger.warn(warning);
		}
		this.clients.register();
	}

	/** What a start taking a weak secret says, {@code null} for a strong one. */
	static String weakSecretWarning(String secret) {
		if (DEFAULT_SECRET.equals(secret)) {
			return "RS_CLIENT_SECRET (auth.rs-client.secret) is the built-in example value, taken only because this run "
					+ "keeps everything in memory on loopback; before anyone else can reach it, set a random value "
					+ "of your own, such as `openssl rand -base64 32`, on both servers";
		}
		if (!ClientSecretEncoder.isHighEntropy(secret)) {
			return "RS_CLIENT_SECRET (auth.rs-client.secret) is shorter than " + ClientSecretEncoder.HIGH_ENTROPY_LENGTH
					+ " characters or not varied: it is stored with BCrypt, a slow hash checked at every introspection "
					+ "and token exchange. Use a random value such as `openssl rand -base64 32` on both servers.";
		}
		return null;
	}

}
