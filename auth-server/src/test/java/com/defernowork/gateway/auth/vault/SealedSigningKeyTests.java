package com.defernowork.gateway.auth.vault;

import java.util.Base64;

import com.github.benmanes.caffeine.cache.Ticker;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.defernowork.gateway.auth.storage.KeyValueStore;
import com.defernowork.gateway.auth.storage.SigningKeys;
import com.defernowork.gateway.auth.storage.StorageKind;
import com.defernowork.gateway.auth.storage.memory.MemoryKeyValueStore;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JWT signing key in the store, sealed with the vault's key as the application seals
 * it: of no use to someone who can read the store only.
 */
@ExtendWith(OutputCaptureExtension.class)
class SealedSigningKeyTests {

	private static final String STORE_KEY = "jwk:rsa";

	private static final String KEY_A = Base64.getEncoder().encodeToString(new byte[32]);

	private static final String KEY_B = Base64.getEncoder()
		.encodeToString("0123456789abcdef0123456789abcdef".getBytes());

	private final KeyValueStore store = new MemoryKeyValueStore(Ticker.systemTicker());

	private RSAKey load(String key, String keyId, String oldKeys) {
		VaultKeys keys = VaultKeys.from(new VaultProperties(key, keyId, oldKeys), StorageKind.REDIS);
		return SigningKeys.loadOrCreate(this.store,
				new TokenVault(this.store, new TokenCipher(keys)).sealFor("signing-key"));
	}

	@Test
	void loadOrCreateWhenNoneThenStoredSealedAndEveryInstanceReadsTheSameKey() {
		RSAKey made = load(KEY_A, "k1", null);

		String stored = this.store.get(STORE_KEY);
		assertThat(stored).startsWith("k1.").doesNotContain("{").doesNotContain(made.getPrivateExponent().toString());
		assertThat(made.isPrivate()).isTrue();
		assertThat(load(KEY_A, "k1", null)).isEqualTo(made);
		assertThat(this.store.get(STORE_KEY)).isEqualTo(stored);
	}

	@Test
	void loadOrCreateWhenKeptInClearByAnEarlierVersionThenTheSameKeySealedFromNowOn() {
		RSAKey clear = load(KEY_A, "k1", null);
		this.store.put(STORE_KEY, clear.toJSONString(), null);

		assertThat(load(KEY_A, "k1", null)).isEqualTo(clear);
		assertThat(this.store.get(STORE_KEY)).startsWith("k1.").doesNotContain("{");
		assertThat(load(KEY_A, "k1", null)).isEqualTo(clear);
	}

	@Test
	void loadOrCreateWhenOpenedWithAKeyKeptForARotationThenSealedAgainWithTheCurrentOne() {
		RSAKey made = load(KEY_A, "k1", null);

		assertThat(load(KEY_B, "k2", "k1:" + KEY_A)).isEqualTo(made);
		assertThat(this.store.get(STORE_KEY)).startsWith("k2.");
		// the old key can go now
		assertThat(load(KEY_B, "k2", null)).isEqualTo(made);
	}

	@Test
	void loadOrCreateWhenSealedWithAKeyNoLongerConfiguredThenReplacedAndSaid(CapturedOutput output) {
		RSAKey lost = load(KEY_A, "k1", null);

		RSAKey replacement = load(KEY_B, "k2", null);

		assertThat(replacement.getKeyID()).isNotEqualTo(lost.getKeyID());
		assertThat(this.store.get(STORE_KEY)).startsWith("k2.");
		assertThat(load(KEY_B, "k2", null)).isEqualTo(replacement);
		assertThat(output.getAll()).contains("The stored JWT signing key (jwk:rsa) was sealed with a vault key no"
				+ " longer configured (VAULT_KEY, VAULT_OLD_KEYS): a new key replaces it");
	}

}
