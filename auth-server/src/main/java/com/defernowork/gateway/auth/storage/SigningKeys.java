package com.defernowork.gateway.auth.storage;

import java.text.ParseException;
import java.util.Optional;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import com.defernowork.gateway.web.settings.InvalidSettingException;

import org.springframework.util.function.SingletonSupplier;

/**
 * The authorization server's RSA signing key (JWT access tokens), generated once and kept
 * without expiry, so JWTs and the published JWKS live as long as the store (across
 * restarts with Redis). It is stored sealed with the vault's key: anyone who could read
 * Redis could otherwise sign access tokens. Instances starting together agree on one key:
 * only the first put-if-absent wins and everyone reads it back.
 */
public final class SigningKeys {

	static final String KEY = "jwk:rsa";

	private SigningKeys() {
	}

	/**
	 * The key read or made on first use, not at startup: making one takes a good part of
	 * a first start on a small machine, and opaque tokens (the default) never need it. A
	 * store that fails then is asked again on the next use.
	 */
	public static JWKSource<SecurityContext> jwkSource(KeyValueStore store, SecretSeal seal) {
		SingletonSupplier<JWKSource<SecurityContext>> keys = SingletonSupplier
			.of(() -> new ImmutableJWKSet<>(new JWKSet(loadOrCreate(store, seal))));
		return (selector, context) -> keys.obtain().get(selector, context);
	}

	public static RSAKey loadOrCreate(KeyValueStore store, SecretSeal seal) {
		String stored = store.get(KEY);
		if (stored == null) {
			store.putIfAbsent(KEY, seal.seal(generateRsaKey().toJSONString()), null);
			stored = store.get(KEY);
		}
		return parse(open(stored, seal).orElseThrow(() -> new IllegalStateException("The stored JWT signing key (" + KEY
				+ ") cannot be opened with this server's vault keys (VAULT_KEY, VAULT_OLD_KEYS)")));
	}

	/**
	 * At startup, before anything is served: the stored key, if there is one, sealed with
	 * the current vault key. It may be in clear (stored by an earlier version; the same
	 * key, so the JWTs it signed stay valid) or sealed with a key kept only for a
	 * rotation (sealed again now, so that key can be dropped later without losing this
	 * one). A key no configured vault key opens refuses the start, as the vault's own
	 * entries do: replacing it would end every JWT without a word.
	 */
	public static void sealStored(KeyValueStore store, SecretSeal seal) {
		String stored = store.get(KEY);
		if (stored == null) {
			return;
		}
		String key = open(stored, seal).orElseThrow(() -> InvalidSettingException.required("VAULT_KEY (auth.vault.key)",
				"a key that opens the stored JWT signing key (" + KEY + ", key id '" + seal.keyId(stored)
						+ "'), or, after a rotation, hold that key in VAULT_OLD_KEYS. To give that signing key up"
						+ " instead (access tokens it signed are refused; clients refresh), delete the stored entry "
						+ KEY + " (in Redis, under AUTH_REDIS_KEY_PREFIX)",
				"keys that do not open it"));
		if (!seal.isCurrent(stored)) {
			parse(key);
			store.put(KEY, seal.seal(key), null);
		}
	}

	private static Optional<String> open(String stored, SecretSeal seal) {
		// an earlier version kept the key in clear
		return stored.startsWith("{") ? Optional.of(stored) : seal.open(stored);
	}

	private static RSAKey parse(String json) {
		try {
			return RSAKey.parse(json);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("The stored signing key (" + KEY + ") is not an RSA JWK", ex);
		}
	}

	private static RSAKey generateRsaKey() {
		try {
			return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("RSA is required of every JVM", ex);
		}
	}

}
