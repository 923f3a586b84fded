package com.defernowork.gateway.auth.vault;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import com.defernowork.gateway.auth.storage.StorageKind;
import com.defernowork.gateway.web.settings.InvalidSettingException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.crypto.keygen.KeyGenerators;

/** The current encryption key and every key that may still decrypt, by key id. */
final class VaultKeys {

	static final String KEY = "VAULT_KEY (auth.vault.key)";

	private static final String OLD_KEYS = "VAULT_OLD_KEYS (auth.vault.old-keys)";

	private static final String ACCEPTED = "the base64 of exactly 32 bytes (AES-256), e.g. `openssl rand -base64 32`";

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

	static VaultKeys from(VaultProperties properties, StorageKind storage) {
		Map<String, SecretKey> keys = new LinkedHashMap<>();
		for (String entry : properties.oldKeys().split(",")) {
			if (entry.isBlank()) {
				continue;
			}
			// the last colon: base64 has none, so an id may hold one (as earlier ids may)
			int colon = entry.lastIndexOf(':');
			if (colon <= 0) {
				throw new InvalidSettingException(OLD_KEYS, "a comma-separated list of id:base64-key",
						"an entry without an id");
			}
			String id = entry.substring(0, colon).trim();
			if (keys.containsKey(id)) {
				// the later key would silently replace the earlier one
				throw InvalidSettingException.required(OLD_KEYS,
						"a comma-separated list of id:base64-key, each id once", "id '" + id + "' twice");
			}
			keys.put(id, decode(entry.substring(colon + 1), OLD_KEYS));
		}
		if (properties.key() != null && !properties.key().isBlank()) {
			SecretKey current = decode(properties.key(), KEY);
			SecretKey old = keys.put(properties.keyId(), current);
			if (old != null && !MessageDigest.isEqual(old.getEncoded(), current.getEncoded())) {
				// a rotation that kept VAULT_KEY_ID: the new key would replace the old
				// one it is meant to stand beside
				throw InvalidSettingException.required(OLD_KEYS,
						"keys under ids other than VAULT_KEY_ID's: give the new VAULT_KEY an id of its own in "
								+ "VAULT_KEY_ID (auth.vault.key-id), e.g. VAULT_KEY_ID=" + properties.keyId() + "-2",
						"another key under id '" + properties.keyId() + "', which is VAULT_KEY_ID's");
			}
		}
		else if (storage == StorageKind.REDIS) {
			// a key per process would leave every stored Deferno token unreadable after a
			// restart, and each server unable to open what the others sealed
			throw InvalidSettingException.required(KEY, "the base64 of 32 random bytes with Redis storage, the same on"
					+ " every auth server and kept across restarts (e.g. `openssl rand -base64 32`)", "");
		}
		else {
			logger.warn("VAULT_KEY is not set: a random vault key was generated for this process (memory storage"
					+ " keeps nothing across restarts anyway). Set VAULT_KEY to the base64 of 32 random bytes"
					+ " (openssl rand -base64 32) for any real deployment.");
			keys.put(properties.keyId(), new SecretKeySpec(KeyGenerators.secureRandom(32).generateKey(), "AES"));
		}
		return new VaultKeys(properties.keyId(), keys);
	}

	/** The report names the setting and what is wrong, never the key itself. */
	private static SecretKey decode(String base64, String setting) {
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(base64.trim());
		}
		catch (IllegalArgumentException ex) {
			throw InvalidSettingException.required(setting, ACCEPTED, "not base64");
		}
		if (bytes.length != 32) {
			throw InvalidSettingException.required(setting, ACCEPTED, "the base64 of " + bytes.length + " bytes");
		}
		return new SecretKeySpec(bytes, "AES");
	}

	/** The id under which values are sealed now. */
	String currentId() {
		return this.currentId;
	}

	SecretKey current() {
		return this.byId.get(this.currentId);
	}

	SecretKey byId(String id) {
		return this.byId.get(id);
	}

	/** Every configured key id, the current one included. */
	java.util.Set<String> ids() {
		return this.byId.keySet();
	}

}
