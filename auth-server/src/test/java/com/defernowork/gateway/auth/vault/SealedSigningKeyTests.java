package com.defernowork.gateway.auth.vault;

import java.util.Base64;

import com.github.benmanes.caffeine.cache.Ticker;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.storage.KeyValueStore;
import com.defernowork.gateway.auth.storage.SecretSeal;
import com.defernowork.gateway.auth.storage.SigningKeys;
import com.defernowork.gateway.auth.storage.StorageKind;
import com.defernowork.gateway.auth.storage.memory.MemoryKeyValueStore;
import com.defernowork.gateway.web.settings.InvalidSettingException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The JWT signing key in the store, sealed with the vault's key as the application seals
 * it: of no use to someone who can read the store only.
 */
class SealedSigningKeyTests {

	private static final String STORE_KEY = "jwk:rsa";

	private static final String KEY_A = Base64.getEncoder().encodeToString(new byte[32]);

	private static final String KEY_B = Base64.getEncoder()
		.encodeToString("0123456789abcdef0123456789abcdef".getBytes());

	private final KeyValueStore store = new MemoryKeyValueStore(Ticker.systemTicker());

	private SecretSeal seal(String key, String keyId, String oldKeys) {
		VaultKeys keys = VaultKeys.from(new VaultProperties(key, keyId, oldKeys), StorageKind.REDIS);
		return TestVaults.on(this.store, new TokenCipher(keys)).sealFor("signing-key");
	}

	/** A server starting with these vault keys, then signing its first JWT. */
	private RSAKey start(String key, String keyId, String oldKeys) {
		SecretSeal seal = seal(key, keyId, oldKeys);
		SigningKeys.sealStored(this.store, seal);
		return SigningKeys.loadOrCreate(this.store, seal);
	}

	@Test
	void loadOrCreateWhenNoneThenStoredSealedAndEveryInstanceReadsTheSameKey() {
		RSAKey made = start(KEY_A, "k1", null);

		String stored = this.store.get(STORE_KEY);
		assertThat(stored).startsWith("k1.").doesNotContain("{").doesNotContain(made.getPrivateExponent().toString());
		assertThat(made.isPrivate()).isTrue();
		assertThat(start(KEY_A, "k1", null)).isEqualTo(made);
		assertThat(this.store.get(STORE_KEY)).as("not written again").isEqualTo(stored);
	}

	@Test
	void startWhenKeptInClearByAnEarlierVersionThenTheSameKeySealedFromNowOn() {
		RSAKey clear = start(KEY_A, "k1", null);
		this.store.put(STORE_KEY, clear.toJSONString(), null);

		SigningKeys.sealStored(this.store, seal(KEY_A, "k1", null));

		assertThat(this.store.get(STORE_KEY)).startsWith("k1.").doesNotContain("{");
		assertThat(start(KEY_A, "k1", null)).isEqualTo(clear);
	}

	@Test
	void firstUseWhenAnEarlierVersionStoredItInClearMeanwhileThenStillRead() {
		RSAKey clear = start(KEY_A, "k1", null);
		this.store.put(STORE_KEY, clear.toJSONString(), null);

		assertThat(SigningKeys.loadOrCreate(this.store, seal(KEY_A, "k1", null))).isEqualTo(clear);
	}

	@Test
	void startWhenSealedWithAKeyKeptForARotationThenSealedAgainWithTheCurrentOneSoItCanGo() {
		RSAKey made = start(KEY_A, "k1", null);

		assertThat(start(KEY_B, "k2", "k1:" + KEY_A)).isEqualTo(made);
		assertThat(this.store.get(STORE_KEY)).startsWith("k2.");
		assertThat(start(KEY_B, "k2", null)).isEqualTo(made);
	}

	@Test
	void startWhenNoConfiguredKeyOpensItThenRefusedNamingTheEntryAndTheKeyKept() {
		RSAKey kept = start(KEY_A, "k1", null);
		String stored = this.store.get(STORE_KEY);

		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(() -> start(KEY_B, "k2", null))
			.withMessageStartingWith("VAULT_KEY (auth.vault.key) must be a key that opens the stored JWT signing key"
					+ " (jwk:rsa, key id 'k1')")
			.withMessageContaining("delete the stored entry jwk:rsa")
			.withMessageNotContaining(KEY_A)
			.withMessageNotContaining(KEY_B);
		assertThat(this.store.get(STORE_KEY)).isEqualTo(stored);
		assertThat(start(KEY_A, "k1", null)).isEqualTo(kept);
	}

	@Test
	void firstUseWhenNoConfiguredKeyOpensItThenRefusedAndTheKeyKept() {
		start(KEY_A, "k1", null);
		String stored = this.store.get(STORE_KEY);

		assertThatIllegalStateException()
			.isThrownBy(() -> SigningKeys.loadOrCreate(this.store, seal(KEY_B, "k2", null)))
			.withMessageContaining("cannot be opened with this server's vault keys");
		assertThat(this.store.get(STORE_KEY)).isEqualTo(stored);
	}

}
