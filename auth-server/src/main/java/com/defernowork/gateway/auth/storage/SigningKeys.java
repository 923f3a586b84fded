package com.defernowork.gateway.auth.storage;

import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

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
 * Every server reads the stored key again every {@link #CHECK_INTERVAL} (in the
 * background, when asked for keys), so servers that once agreed cannot drift apart: when
 * Redis lost the key (a flush, a fail-over without persistence) the first server to look
 * puts its own back and the others take it; a server that finds another key stored signs
 * with that one and goes on publishing its former key for an access token's lifetime, so
 * the tokens it signed stay verifiable. A key still sealed with a vault key kept only for
 * a rotation is sealed again with the current one.
 */
public final class SigningKeys implements JWKSource<SecurityContext> {

	static final String KEY = "jwk:rsa";

	static final Duration CHECK_INTERVAL = Duration.ofSeconds(30);

	private static final Logger logger = LoggerFactory.getLogger(SigningKeys.class);

	private final KeyValueStore store;

	private final SecretSeal seal;

	private final Duration keepReplacedFor;

	private final Ticker ticker;

	private final LoadingCache<String, Keys> keys;

	/** The stored value last found unreadable, reported once rather than every check. */
	private volatile String unreadableReported;

	/**
	 * @param keepReplacedFor how long a key this server signed with stays published after
	 * another one replaced it: the access tokens' lifetime
	 */
	public SigningKeys(KeyValueStore store, SecretSeal seal, Duration keepReplacedFor) {
		this(store, seal, keepReplacedFor, Ticker.systemTicker(), ForkJoinPool.commonPool());
	}

	SigningKeys(KeyValueStore store, SecretSeal seal, Duration keepReplacedFor, Ticker ticker, Executor checks) {
		this.store = store;
		this.seal = seal;
		this.keepReplacedFor = keepReplacedFor;
		this.ticker = ticker;
		// the key is read or made on first use, not at startup: making one takes a good
		// part of a first start on a small machine, and opaque tokens (the default) never
		// need it; a store that fails then is asked again on the next use
		this.keys = Caffeine.newBuilder()
			.refreshAfterWrite(CHECK_INTERVAL)
			.ticker(ticker)
			.executor(checks)
			.build(new CacheLoader<>() {

				@Override
				public Keys load(String key) {
					return new Keys(loadOrCreate(store, seal), List.of());
				}

				@Override
				public Keys reload(String key, Keys current) {
					return check(current);
				}

			});
	}

	/**
	 * The key this server signs with, then the keys it replaced that are still published.
	 */
	@Override
	public List<JWK> get(JWKSelector selector, SecurityContext context) {
		return selector.select(new JWKSet(this.keys.get(KEY).published()));
	}

	/**
	 * Of the keys that fit a token's header, the one to sign with (for
	 * {@code NimbusJwtEncoder}, which refuses to choose among several itself).
	 */
	public JWK signingKeyAmong(List<JWK> candidates) {
		String signing = this.keys.get(KEY).signing().getKeyID();
		return candidates.stream()
			.filter((candidate) -> signing.equals(candidate.getKeyID()))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("The signing key is not among the keys offered"));
	}

	private Keys check(Keys current) {
		try {
			String stored = this.store.get(KEY);
			if (stored == null) {
				logger.warn("The stored JWT signing key ({}) is gone (Redis lost its data?): storing key id '{}' again",
						KEY, current.signing().getKeyID());
				this.store.putIfAbsent(KEY, this.seal.seal(current.signing().toJSONString()), null);
				stored = Objects.requireNonNullElse(this.store.get(KEY), "");
			}
			Optional<RSAKey> opened = open(stored, this.seal).map(SigningKeys::parse);
			if (opened.isEmpty()) {
				reportUnreadable(stored);
				return current.withoutExpired(now());
			}
			if (!this.seal.isCurrent(stored)) {
				this.store.replace(KEY, this.seal.seal(opened.get().toJSONString()), null);
			}
			return current.signedWith(opened.get(), now(), this.keepReplacedFor.toNanos());
		}
		catch (RuntimeException ex) {
			logger.warn("Could not check the stored JWT signing key ({}), signing with key id '{}' meanwhile: {}", KEY,
					current.signing().getKeyID(), ex.toString());
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

	private long now() {
		return this.ticker.read();
	}

	/** Reads the stored key, or stores a new one if there is none yet. */
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
			// its use and algorithm stated, so no verifier takes it for anything else
			return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256)
				.keyID(UUID.randomUUID().toString())
				.generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("RSA is required of every JVM", ex);
		}
	}

	/**
	 * The key signed with and, public parts only, the keys it replaced, each published
	 * until its time (ticker nanos).
	 */
	private record Keys(RSAKey signing, List<Replaced> replaced) {

		List<JWK> published() {
			List<JWK> published = new ArrayList<>(1 + this.replaced.size());
			published.add(this.signing);
			this.replaced.forEach((key) -> published.add(key.key()));
			return published;
		}

		Keys signedWith(RSAKey stored, long now, long keepReplacedFor) {
			if (stored.getKeyID().equals(this.signing.getKeyID())) {
				return withoutExpired(now);
			}
			logger.warn("Another JWT signing key is stored (key id '{}'): signing with it; key id '{}' stays published"
					+ " for the access tokens it signed", stored.getKeyID(), this.signing.getKeyID());
			List<Replaced> kept = new ArrayList<>();
			kept.add(new Replaced(this.signing.toPublicJWK(), now + keepReplacedFor));
			withoutExpired(now).replaced()
				.stream()
				.filter((key) -> !key.key().getKeyID().equals(stored.getKeyID()))
				.forEach(kept::add);
			return new Keys(stored, List.copyOf(kept));
		}

		Keys withoutExpired(long now) {
			if (this.replaced.stream().allMatch((key) -> key.until() - now > 0)) {
				return this;
			}
			return new Keys(this.signing, this.replaced.stream().filter((key) -> key.until() - now > 0).toList());
		}

	}

	private record Replaced(RSAKey key, long until) {
	}

}
