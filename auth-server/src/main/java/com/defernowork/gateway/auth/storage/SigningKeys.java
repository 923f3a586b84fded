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

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

	private static final Logger logger = LoggerFactory.getLogger(SigningKeys.class);

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
		if (stored.startsWith("{")) {
			// kept in clear by an earlier version: the same key, sealed from now on, so
			// the
			// JWTs it signed stay valid
			RSAKey key = parse(stored);
			store.put(KEY, seal.seal(stored), null);
			return key;
		}
		Optional<String> opened = seal.open(stored);
		if (opened.isEmpty()) {
			logger.warn("The stored JWT signing key ({}) was sealed with a vault key no longer configured"
					+ " (VAULT_KEY, VAULT_OLD_KEYS): a new key replaces it. Access tokens signed with the old one"
					+ " are refused from now on; clients get new ones with their refresh tokens.", KEY);
			store.deleteIfValue(KEY, stored);
			store.putIfAbsent(KEY, seal.seal(generateRsaKey().toJSONString()), null);
			stored = store.get(KEY);
			opened = seal.open(stored);
		}
		RSAKey key = parse(opened.orElseThrow(() -> new IllegalStateException(
				"The stored signing key (" + KEY + ") was sealed by an instance with other vault keys")));
		if (!seal.isCurrent(stored)) {
			// opened with a key kept for a rotation: sealed again, so that key can go
			store.put(KEY, seal.seal(key.toJSONString()), null);
		}
		return key;
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
