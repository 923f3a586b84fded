package com.defernowork.gateway.auth.vault;

import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

import com.github.benmanes.caffeine.cache.Ticker;

import com.defernowork.gateway.auth.storage.AuthorizationLifetime;
import com.defernowork.gateway.auth.storage.KeyValueStore;
import com.defernowork.gateway.auth.storage.ScoredSets;
import com.defernowork.gateway.auth.storage.StorageKind;
import com.defernowork.gateway.auth.storage.memory.MemoryKeyValueStore;
import com.defernowork.gateway.auth.storage.memory.MemoryOAuth2AuthorizationService;
import com.defernowork.gateway.auth.storage.memory.MemoryScoredSets;

/** Vaults for tests of other packages. */
public final class TestVaults {

	/** A signed-in session's idle timeout, as sign-ins are held for by default. */
	public static final Duration SIGN_IN_IDLE = Duration.ofMinutes(30);

	private TestVaults() {
	}

	public static TokenVault inMemory() {
		byte[] key = new byte[32];
		key[0] = 1;
		return inMemory(key);
	}

	/**
	 * A vault with the given 32-byte key (another key: another deployment, or an instance
	 * without VAULT_KEY).
	 */
	public static TokenVault inMemory(byte[] key) {
		return on(new MemoryKeyValueStore(Ticker.systemTicker()), key);
	}

	/**
	 * {@link #inMemory()}'s vault after a key rotation: another current key (key id
	 * {@code next}), the former one kept to open what it sealed.
	 */
	public static TokenVault inMemoryRotated() {
		byte[] former = new byte[32];
		former[0] = 1;
		byte[] key = new byte[32];
		key[0] = 2;
		Base64.Encoder base64 = Base64.getEncoder();
		return on(new MemoryKeyValueStore(Ticker.systemTicker()), new TokenCipher(VaultKeys.from(
				new VaultProperties(base64.encodeToString(key), "next", "test:" + base64.encodeToString(former)),
				StorageKind.MEMORY)));
	}

	/** A vault with a fixed test key on the given store. */
	public static TokenVault on(KeyValueStore store) {
		return on(store, new byte[32]);
	}

	private static TokenVault on(KeyValueStore store, byte[] key) {
		return on(store, cipher(key));
	}

	private static TokenCipher cipher(byte[] key) {
		return new TokenCipher(VaultKeys
			.from(new VaultProperties(Base64.getEncoder().encodeToString(key), "test", null), StorageKind.MEMORY));
	}

	/**
	 * A vault with a fixed test key on the given stores, its revocable tokens tracked in
	 * {@code sets}.
	 */
	public static TokenVault on(KeyValueStore store, ScoredSets sets) {
		return on(store, new DefernoTokenHolders(sets, Clock.systemUTC()), Clock.systemUTC());
	}

	/** A vault with a fixed test key on the given store, its holders and clock given. */
	static TokenVault on(KeyValueStore store, DefernoTokenHolders holders, Clock clock) {
		return new TokenVault(store, cipher(new byte[32]), holders, clock);
	}

	/** A vault with the given cipher, its revocable tokens tracked in memory. */
	static TokenVault on(KeyValueStore store, TokenCipher cipher) {
		return new TokenVault(store, cipher, new DefernoTokenHolders(new MemoryScoredSets(), Clock.systemUTC()),
				Clock.systemUTC());
	}

	/**
	 * A memory authorization service the way the application sees it: bound to the vault.
	 */
	public static VaultBoundAuthorizationService bound(TokenVault vault) {
		AuthorizationLifetime lifetime = new AuthorizationLifetime(Duration.ofMinutes(10));
		return new VaultBoundAuthorizationService(new MemoryOAuth2AuthorizationService(lifetime, Clock.systemUTC()),
				vault, lifetime, Clock.systemUTC());
	}

}
