package com.defernowork.gateway.auth.storage;

import java.text.ParseException;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.util.function.SingletonSupplier;

/**
 * The authorization server's RSA signing key (JWT access tokens), generated once and kept
 * without expiry, so JWTs and the published JWKS live as long as the store (across
 * restarts with Redis). Instances starting together agree on one key: only the first
 * put-if-absent wins and everyone reads it back.
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
	public static JWKSource<SecurityContext> jwkSource(KeyValueStore store) {
		SingletonSupplier<JWKSource<SecurityContext>> keys = SingletonSupplier
			.of(() -> new ImmutableJWKSet<>(new JWKSet(loadOrCreate(store))));
		return (selector, context) -> keys.obtain().get(selector, context);
	}

	public static RSAKey loadOrCreate(KeyValueStore store) {
		String stored = store.get(KEY);
		if (stored == null) {
			store.putIfAbsent(KEY, generateRsaKey().toJSONString(), null);
			stored = store.get(KEY);
		}
		try {
			return RSAKey.parse(stored);
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
