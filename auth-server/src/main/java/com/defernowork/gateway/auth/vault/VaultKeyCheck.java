package com.defernowork.gateway.auth.vault;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.defernowork.gateway.auth.storage.KeyValueStore;
import com.defernowork.gateway.web.settings.InvalidSettingException;

/**
 * Refuses to start with vault keys that cannot open what the store holds: a changed
 * VAULT_KEY would otherwise make every stored Deferno token unreadable without a word.
 * The store keeps one known value sealed with a current key; one opened with an old key
 * is sealed again with the current one, so the old key can be dropped later.
 */
final class VaultKeyCheck {

	private static final Logger logger = LoggerFactory.getLogger(VaultKeyCheck.class);

	private static final String ENTRY = "key-check";

	/** The mismatch is said once per process: it stays until an operator acts. */
	private static final AtomicBoolean mismatchLogged = new AtomicBoolean();

	static final String STORE_KEY = TokenVault.key(ENTRY);

	private static final String MARKER = "deferno-gateway-vault-key-check";

	private VaultKeyCheck() {
	}

	static void verify(KeyValueStore store, TokenCipher cipher, VaultKeys keys) {
		String sealed = store.get(STORE_KEY);
		if (sealed == null && store.putIfAbsent(STORE_KEY, cipher.seal(MARKER, ENTRY), null)) {
			return;
		}
		if (sealed == null) {
			// another server wrote it at the same moment
			sealed = store.get(STORE_KEY);
		}
		if (sealed == null) {
			return;
		}
		if (!MARKER.equals(cipher.open(sealed, ENTRY))) {
			throw mismatch(sealed, keys);
		}
		if (!cipher.isCurrent(sealed)) {
			store.put(STORE_KEY, cipher.seal(MARKER, ENTRY), null);
		}
	}

	/**
	 * At each sign-in: a check the store lost is written again, so that a server started
	 * later with another key is still refused; one sealed with a key this server lacks
	 * means another server runs with another VAULT_KEY. One sealed with an old key is
	 * sealed again, as at start (during a rolling rotation it goes back and forth,
	 * harmlessly, until every server has the new key).
	 */
	static void restore(KeyValueStore store, TokenCipher cipher) {
		String sealed = store.get(STORE_KEY);
		if (sealed == null) {
			if (store.putIfAbsent(STORE_KEY, cipher.seal(MARKER, ENTRY), null)) {
				logger.warn("The vault's key check {} was missing (did Redis lose its data?): written again with this "
						+ "server's VAULT_KEY", STORE_KEY);
			}
			return;
		}
		String opened = cipher.open(sealed, ENTRY);
		if (MARKER.equals(opened)) {
			if (!cipher.isCurrent(sealed)) {
				store.replace(STORE_KEY, cipher.seal(MARKER, ENTRY), null);
			}
			return;
		}
		if (!mismatchLogged.getAndSet(true)) {
			logger.error("The vault's key check {} is sealed with a key this auth server does not hold (key id '{}'): "
					+ "another auth server runs with another VAULT_KEY, and neither can read the Deferno tokens the "
					+ "other stores; give every auth server the same VAULT_KEY", STORE_KEY,
					Objects.requireNonNullElse(TokenCipher.keyId(sealed), "?"));
		}
	}

	private static InvalidSettingException mismatch(String sealed, VaultKeys keys) {
		String id = Objects.requireNonNullElse(TokenCipher.keyId(sealed), "?");
		String given = (keys.byId(id) == null) ? "keys with ids " + String.join(", ", keys.ids()) + " only"
				: "another key under id '" + id + "'";
		return InvalidSettingException.required(VaultKeys.KEY, "the key that sealed the Deferno tokens already stored"
				+ " (key id '" + id + "'), or, after a rotation, hold that key in VAULT_OLD_KEYS as " + id + ":<key>."
				+ " To give those tokens up instead (everyone signs in to Deferno again), delete the stored entry "
				+ STORE_KEY + " (in Redis, under AUTH_REDIS_KEY_PREFIX)", given);
	}

}
