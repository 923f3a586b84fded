package com.defernowork.gateway.auth.vault;

import com.defernowork.gateway.web.settings.InvalidSettingException;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The vault's AES-256-GCM keys: {@code key} (VAULT_KEY, base64 of 32 bytes) encrypts
 * under {@code keyId} (VAULT_KEY_ID); {@code oldKeys} (VAULT_OLD_KEYS,
 * {@code id:base64,id:base64}) only decrypt, so a rotated key keeps older entries
 * readable until they expire.
 */
@ConfigurationProperties("auth.vault")
record VaultProperties(String key, String keyId, String oldKeys) {

	VaultProperties {
		keyId = (keyId == null || keyId.isBlank()) ? "k1" : keyId.trim();
		if (keyId.contains(",")) {
			// after a rotation VAULT_OLD_KEYS must hold this key as id:key, and its
			// entries are separated by commas
			throw InvalidSettingException.required("VAULT_KEY_ID (auth.vault.key-id)",
					"an id without ',', which separates VAULT_OLD_KEYS' id:base64-key entries, e.g. k2", keyId);
		}
		oldKeys = (oldKeys == null) ? "" : oldKeys;
	}

}
