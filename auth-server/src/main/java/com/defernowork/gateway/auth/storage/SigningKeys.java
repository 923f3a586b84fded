package com.defernowork.gateway.auth.storage;

import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.defernowork.gateway.web.settings.InvalidSettingException;

/**
 * The authorization server's RSA signing key (JWT access tokens), generated once and kept
 * without expiry, so JWTs and the published JWKS live as long as the store (across
 * restarts with Redis). It is stored sealed with the vault's key: anyone who could read
 * Redis could otherwise sign access tokens. Instances starting together agree on one key:
 * only the first put-if-absent wins and everyone reads it back.
 * <p>
 * A server reads the stored key again at its first use {@link #CHECK_INTERVAL} after its
 * last read (in the background), so servers that once agreed cannot drift apart: when
 * Redis lost the key (a flush, a fail-over without persistence) the first server to look
 * puts its own back and the others take it; a server that finds another key stored signs
 * with that one. Its former key is not published on: the tokens it signed belong to
 * grants the store no longer holds, or to a key replaced on purpose. A key still sealed
 * with a vault key kept only for a rotation is sealed again with the current one.
 */
public final class SigningKeys implements JWKSource<SecurityContext> {

	static final String KEY = "jwk:rsa";

	static final Duration CHECK_INTERVAL = Duration.ofSeconds(30);

	private static final Logger logger = LoggerFactory.getLogger(SigningKeys.class);

	private final KeyValueStore store;

	private final SecretSeal seal;

	private final LoadingCache<String, RSAKey> key;

	/** The stored value last found unreadable, reported once rather than every check. */
	private volatile String unreadableReported;

	public SigningKeys(KeyValueStore store, SecretSeal seal) {
		this(store, seal, Ticker.systemTicker(), ForkJoinPool.commonPool());
	}

	SigningKeys(KeyValueStore store, SecretSeal seal, Ticker ticker, Executor checks) {
		this.store = store;
		this.seal = seal;
		// the key is read or made on first use, not at startup: making one takes a good
		// part of a first start on a small machine, and opaque tokens (the default) never
		// need it; a store that fails then is asked again on the next use
		this.key = Caffeine.newBuilder()
			.refreshAfterWrite(CHECK_INTERVAL)
			.ticker(ticker)
			.executor(checks)
			.build(new CacheLoader<>() {

				@Override
				public RSAKey load(String key) {
					return loadOrCreate(store, seal);
				}

				@Override
				public RSAKey reload(String key, RSAKey current) {
					return check(current);
				}

			});
	}

	@Override
	public List<JWK> get(JWKSelector selector, SecurityContext context) {
		return selector.select(new JWKSet(this.key.get(KEY)));
	}

	private RSAKey check(RSAKey current) {
		try {
			String stored = Objects.requireNonNullElse(storedOr(this.store, this.seal, () -> {
				logger.warn("The stored JWT signing key ({}) is gone (Redis lost its data?): storing key id '{}' again",
						KEY, current.getKeyID());
				return current;
			}), "");
			Optional<RSAKey> opened = open(stored, this.seal).map(SigningKeys::parse);
			if (opened.isEmpty()) {
				reportUnreadable(stored);
				return current;
			}
			if (!this.seal.isCurrent(stored)) {
				this.store.replace(KEY, this.seal.seal(opened.get().toJSONString()), null);
			}
			if (!opened.get().getKeyID().equals(current.getKeyID())) {
				logger.warn("Another JWT signing key is stored (key id '{}'): signing with it instead of key id '{}'",
						opened.get().getKeyID(), current.getKeyID());
			}
			return opened.get();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not check the stored JWT signing key ({}), signing with key id '{}' meanwhile: {}", KEY,
					current.getKeyID(), ex.toString());
			return current;
		}
	}

	private void reportUnreadable(String stored) {
		if (!stored.equals(this.unreadableReported)) {
			this.unreadableReported = stored;
			logger.error("The stored JWT signing key ({}, key id '{}') cannot be opened with this server's vault keys"
					+ " (VAULT_KEY, VAULT_OLD_KEYS): signing with the key read before. Give every auth server the"
					+ " same vault keys", KEY, this.seal.keyId(stored));
		}
	}

	public static RSAKey loadOrCreate(KeyValueStore store, SecretSeal seal) {
		String stored = storedOr(store, seal, SigningKeys::generateRsaKey);
		return parse(open(stored, seal).orElseThrow(() -> new IllegalStateException("The stored JWT signing key (" + KEY
				+ ") cannot be opened with this server's vault keys (VAULT_KEY, VAULT_OLD_KEYS)")));
	}

	/** The stored key as sealed, {@code ifNone} stored first if there is none. */
	private static String storedOr(KeyValueStore store, SecretSeal seal, Supplier<RSAKey> ifNone) {
		String stored = store.get(KEY);
		if (stored != null) {
			return stored;
		}
		store.putIfAbsent(KEY, seal.seal(ifNone.get().toJSONString()), null);
		return store.get(KEY);
	}

	/**
	 * At startup: a stored key in clear or sealed with an old vault key is sealed again
	 * with the current one, so the old key can be dropped later. A key no configured
	 * vault key opens refuses the start: replacing it would end every JWT without a word.
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
		// stored in clear before sealing: the same key, so the JWTs it signed stay valid
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
			// use and algorithm stated: no verifier takes it for anything else
			return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256)
				.keyID(UUID.randomUUID().toString())
				.generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("RSA is required of every JVM", ex);
		}
	}

}
