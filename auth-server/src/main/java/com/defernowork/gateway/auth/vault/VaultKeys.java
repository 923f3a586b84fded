package com.defernowork.gateway.auth.vault;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The current encryption key and every key that may still decrypt, by key id. */
final class VaultKeys {

	private static final Logger logger = LoggerFactory.getLogger(VaultKeys.class);

	private final String currentId;

	private final Map<String, SecretKey> byId;

	VaultKeys(String currentId, Map<String, SecretKey> byId) {
		if (!byId.containsKey(currentId)) {
			throw new IllegalArgumentException("no vault key with id '" + currentId + "'");
		}
		this.currentId = currentId;
		this.byId = Map.copyOf(byId);
	}

	static VaultKeys from(VaultProperties properties) {
		Map<String, SecretKey> keys = new LinkedHashMap<>();
		for (String entry : properties.oldKeys().split(",")) {
			if (entry.isBlank()) {
				continue;
			}
			int colon = entry.indexOf(':');
			if (colon <= 0) {
				throw new IllegalArgumentException("VAULT_OLD_KEYS must be a comma-separated list of id:base64-key");
			}
			keys.put(entry.substring(0, colon).trim(), decode(entry.substring(colon + 1), "VAULT_OLD_KEYS"));
		}
		if (properties.key() == null || properties.key().isBlank()) {
			logger.warn("""

					*****************************************************************************
					* VAULT_KEY IS NOT SET: a random vault key was generated for this process.   *
					* Deferno tokens stored by an earlier run cannot be decrypted, and users     *
					* must sign in again after every restart. Set VAULT_KEY to the base64 of 32  *
					* random bytes (openssl rand -base64 32) for any real deployment.            *
					*****************************************************************************""");
			byte[] generated = new byte[32];
			new SecureRandom().nextBytes(generated);
			keys.put(properties.keyId(), new SecretKeySpec(generated, "AES"));
		}
		else {
			keys.put(properties.keyId(), decode(properties.key(), "VAULT_KEY"));
		}
		return new VaultKeys(properties.keyId(), keys);
	}

	private static SecretKey decode(String base64, String name) {
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(base64.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(name + " is not valid base64");
		}
		if (bytes.length != 32) {
			throw new IllegalArgumentException(
					name + " must be the base64 of exactly 32 bytes (AES-256), got " + bytes.length + " bytes");
		}
		return new SecretKeySpec(bytes, "AES");
	}

	String currentId() {
		return this.currentId;
	}

	SecretKey current() {
		return this.byId.get(this.currentId);
	}

	SecretKey byId(String id) {
		return this.byId.get(id);
	}

}
