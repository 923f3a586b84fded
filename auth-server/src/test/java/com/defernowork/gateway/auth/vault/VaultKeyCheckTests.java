package com.defernowork.gateway.auth.vault;

import java.util.Base64;

import com.github.benmanes.caffeine.cache.Ticker;
import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.storage.KeyValueStore;
import com.defernowork.gateway.auth.storage.StorageKind;
import com.defernowork.gateway.auth.storage.memory.MemoryKeyValueStore;
import com.defernowork.gateway.web.settings.InvalidSettingException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class VaultKeyCheckTests {

	private static final String KEY_A = Base64.getEncoder().encodeToString(new byte[32]);

	private static final String KEY_B = Base64.getEncoder()
		.encodeToString("0123456789abcdef0123456789abcdef".getBytes());

	private final KeyValueStore store = new MemoryKeyValueStore(Ticker.systemTicker());

	private void start(String key, String keyId, String oldKeys) {
		VaultKeys keys = VaultKeys.from(new VaultProperties(key, keyId, oldKeys), StorageKind.REDIS);
		VaultKeyCheck.verify(this.store, new TokenCipher(keys), keys);
	}

	@Test
	void verifyWhenStoreEmptyThenSealsTheCheckWithTheCurrentKeyAndAcceptsItAgain() {
		start(KEY_A, "k1", null);
		assertThat(this.store.get(VaultKeyCheck.STORE_KEY)).startsWith("k1.");
		assertThatNoException().isThrownBy(() -> start(KEY_A, "k1", null));
	}

	@Test
	void verifyWhenAnotherKeyUnderTheSameIdThenRefusedNamingTheIdNotTheKeys() {
		start(KEY_A, "k1", null);
		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(() -> start(KEY_B, "k1", null))
			.withMessageStartingWith("VAULT_KEY (auth.vault.key) must be the key that sealed the Deferno tokens"
					+ " already stored (key id 'k1')")
			.withMessageContaining("delete the stored entry vault:key-check")
			.withMessageContaining("was 'another key under id 'k1''")
			.withMessageNotContaining(KEY_A)
			.withMessageNotContaining(KEY_B)
			.satisfies((ex) -> assertThat(ex.required()).isTrue());
	}

	@Test
	void verifyWhenNewIdWithoutTheOldKeyThenRefusedNamingWhatIsConfigured() {
		start(KEY_A, "k1", null);
		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(() -> start(KEY_B, "k2", null))
			.withMessageContaining("hold that key in VAULT_OLD_KEYS as k1:<key>")
			.withMessageContaining("was 'keys with ids k2 only'");
	}

	@Test
	void verifyWhenRotatedWithTheOldKeyListedThenResealedSoTheOldKeyCanBeDroppedLater() {
		start(KEY_A, "k1", null);
		start(KEY_B, "k2", "k1:" + KEY_A);
		assertThat(this.store.get(VaultKeyCheck.STORE_KEY)).startsWith("k2.");
		assertThatNoException().isThrownBy(() -> start(KEY_B, "k2", null));
		// a server still on the first step of the rotation reads it too
		assertThatNoException().isThrownBy(() -> start(KEY_A, "k1", "k2:" + KEY_B));
	}

	/**
	 * Redis restarted empty while the servers ran: the next sign-in writes the check
	 * again, so a server started later with another key is still refused.
	 */
	@Test
	void signInWhenTheCheckWasLostThenWrittenAgainAndAnotherKeyIsStillRefused() {
		VaultKeys keys = VaultKeys.from(new VaultProperties(KEY_A, "k1", null), StorageKind.REDIS);
		TokenVault vault = TestVaults.on(this.store, new TokenCipher(keys));
		start(KEY_A, "k1", null);
		this.store.delete(VaultKeyCheck.STORE_KEY);
		vault.storeSignIn(new DefernoCredential("dfr-token", null), TestVaults.SIGN_IN_IDLE);
		assertThat(this.store.get(VaultKeyCheck.STORE_KEY)).startsWith("k1.");
		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(() -> start(KEY_B, "k1", null));
	}

	/**
	 * A server of the rotation's first step (k1 current, k2 old) restarted mid-rollout
	 * and sealed the check back with k1: the next sign-in at a server on the new key
	 * seals it with k2 again, so that k1 can go.
	 */
	@Test
	void signInWhenTheCheckIsSealedWithAnOldKeyThenSealedAgainWithTheCurrentOne() {
		start(KEY_B, "k2", "k1:" + KEY_A);
		start(KEY_A, "k1", "k2:" + KEY_B);
		assertThat(this.store.get(VaultKeyCheck.STORE_KEY)).startsWith("k1.");
		VaultKeys keys = VaultKeys.from(new VaultProperties(KEY_B, "k2", "k1:" + KEY_A), StorageKind.REDIS);

		TestVaults.on(this.store, new TokenCipher(keys))
			.storeSignIn(new DefernoCredential("dfr-token", null), TestVaults.SIGN_IN_IDLE);

		assertThat(this.store.get(VaultKeyCheck.STORE_KEY)).startsWith("k2.");
		assertThatNoException().isThrownBy(() -> start(KEY_B, "k2", null));
	}

	@Test
	void verifyWhenCheckDeletedThenAnyKeyStartsOver() {
		start(KEY_A, "k1", null);
		this.store.delete(VaultKeyCheck.STORE_KEY);
		assertThatNoException().isThrownBy(() -> start(KEY_B, "k1", null));
	}

}
