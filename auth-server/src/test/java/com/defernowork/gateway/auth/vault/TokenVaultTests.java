package com.defernowork.gateway.auth.vault;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import com.github.benmanes.caffeine.cache.Ticker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.defernowork.gateway.auth.storage.KeyValueStore;
import com.defernowork.gateway.auth.storage.StorageKind;
import com.defernowork.gateway.auth.storage.memory.MemoryKeyValueStore;
import com.defernowork.gateway.auth.storage.memory.MemoryScoredSets;
import com.defernowork.gateway.testsupport.MutableClock;
import com.defernowork.gateway.web.settings.InvalidSettingException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TokenVaultTests {

	private static final String KEY_A = Base64.getEncoder().encodeToString(new byte[32]);

	private static final String KEY_B = Base64.getEncoder()
		.encodeToString("0123456789abcdef0123456789abcdef".getBytes());

	private final FakeTicker clock = new FakeTicker();

	private final KeyValueStore store = new MemoryKeyValueStore(this.clock);

	private TokenVault vault(String key, String keyId, String oldKeys) {
		return TestVaults.on(this.store,
				new TokenCipher(VaultKeys.from(new VaultProperties(key, keyId, oldKeys), StorageKind.MEMORY)));
	}

	@Test
	void storeSignInWhenReadThenSameTokenAndNoPlaintextStored() {
		TokenVault vault = vault(KEY_A, "a", null);
		Instant expires = Instant.parse("2030-01-01T00:00:00Z");
		String handle = vault.storeSignIn(new DefernoCredential("dfr_secret_token", expires), TestVaults.SIGN_IN_IDLE);
		assertThat(vault.forSignIn(handle)).contains(new DefernoCredential("dfr_secret_token", expires));
		String sealed = this.store.get("vault:sign-in:" + handle);
		assertThat(sealed).startsWith("a.").doesNotContain("dfr_secret_token");
	}

	@Test
	void bindGrantWhenSignInExistsThenGrantCopyLivesForTtlAndDeleteRemovesIt() {
		TokenVault vault = vault(KEY_A, "a", null);
		String handle = vault.storeSignIn(new DefernoCredential("tok", null), TestVaults.SIGN_IN_IDLE);
		assertThat(vault.bindGrant(handle, "auth-1", Duration.ofMinutes(5))).isTrue();
		assertThat(vault.forGrant("auth-1")).map(DefernoCredential::token).contains("tok");
		this.clock.advance(Duration.ofMinutes(6));
		assertThat(vault.forGrant("auth-1")).isEmpty();
		assertThat(vault.bindGrant(handle, "auth-2", Duration.ofMinutes(5))).isTrue();
		vault.deleteGrant(handle, "auth-2");
		assertThat(vault.forGrant("auth-2")).isEmpty();
	}

	@Test
	void bindGrantWhenGrantEntryExistsThenExtendedWithoutSignIn() {
		TokenVault vault = vault(KEY_A, "a", null);
		String handle = vault.storeSignIn(new DefernoCredential("tok", null), TestVaults.SIGN_IN_IDLE);
		vault.bindGrant(handle, "auth-1", Duration.ofMinutes(5));
		this.clock.advance(Duration.ofMinutes(4));
		assertThat(vault.bindGrant(null, "auth-1", Duration.ofDays(30))).isTrue();
		this.clock.advance(Duration.ofDays(29));
		assertThat(vault.forGrant("auth-1")).isPresent();
		assertThat(vault.bindGrant(null, "unknown", Duration.ofMinutes(5))).isFalse();
	}

	@Test
	void holdSignInWhenTheSessionUsesItThenKeptItsIdleTimeoutMoreButNotPastTheLimit() {
		MutableClock wall = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
		TokenVault vault = TestVaults.on(this.store, new DefernoTokenHolders(new MemoryScoredSets(), wall), wall);
		Duration idle = Duration.ofMinutes(30);
		String idled = vault.storeSignIn(new DefernoCredential("tok", null), "pat-1", "user-1", idle);
		String used = vault.storeSignIn(new DefernoCredential("tok", null), "pat-2", "user-1", idle);
		Runnable minutes20 = () -> {
			wall.advance(Duration.ofMinutes(20));
			this.clock.advance(Duration.ofMinutes(20));
		};

		minutes20.run();
		assertThat(vault.holdSignIn(idled, idle)).isTrue();
		assertThat(vault.holdSignIn(used, idle)).isTrue();
		for (int request = 1; request < 23; request++) {
			minutes20.run();
			assertThat(vault.holdSignIn(used, idle)).isTrue();
		}
		// 7 h 40 min after the sign-ins: one unused for 7 h 20 min, the other just used
		assertThat(vault.hasSignIn(idled)).isFalse();
		assertThat(vault.holdSignIn(idled, idle)).isFalse();
		wall.advance(Duration.ofMinutes(19));
		this.clock.advance(Duration.ofMinutes(19));
		assertThat(vault.forSignIn(used)).isPresent();
		// at the limit, 8 h after its sign-in, not 30 min after its last use
		wall.advance(Duration.ofMinutes(1));
		this.clock.advance(Duration.ofMinutes(1).plusMillis(1));
		assertThat(vault.forSignIn(used)).isEmpty();
		assertThat(vault.holdSignIn(used, idle)).isFalse();
	}

	@Test
	void holdSignInWhenAHandleOfAnEarlierVersionThenOnlyLookedUp() {
		TokenVault vault = vault(KEY_A, "a", null);
		// as an auth server before the sign-in's limit stored it: for 8 hours, no limit
		String handle = "r.Jv4bM0wN1z5cJ2m3y7uYgQ3TnD8kQ2vX9wLpR6sH1aE";
		this.store.put("vault:sign-in:" + handle, "a.sealed-token", Duration.ofHours(8));

		assertThat(vault.holdSignIn(handle, Duration.ofMinutes(30))).isTrue();
		this.clock.advance(Duration.ofHours(7));
		assertThat(vault.holdSignIn(handle, Duration.ofMinutes(30))).isTrue();
		this.clock.advance(Duration.ofHours(1));
		assertThat(vault.holdSignIn(handle, Duration.ofMinutes(30))).isFalse();
	}

	@Test
	void openWhenEntryCopiedUnderAnotherNameThenUnreadable() {
		TokenVault vault = vault(KEY_A, "a", null);
		String handle = vault.storeSignIn(new DefernoCredential("tok", null), TestVaults.SIGN_IN_IDLE);
		this.store.put("vault:grant:stolen", this.store.get("vault:sign-in:" + handle), Duration.ofMinutes(5));
		assertThat(vault.forGrant("stolen")).isEmpty();
	}

	@Test
	void rotateKeyWhenOldKeyListedThenOldEntriesReadableAndNewOnesUseNewKey() {
		String handle = vault(KEY_A, "a", null).storeSignIn(new DefernoCredential("tok", null),
				TestVaults.SIGN_IN_IDLE);
		TokenVault rotated = vault(KEY_B, "b", "a:" + KEY_A);
		assertThat(rotated.forSignIn(handle)).map(DefernoCredential::token).contains("tok");
		rotated.bindGrant(handle, "auth-1", Duration.ofMinutes(5));
		assertThat(this.store.get("vault:grant:auth-1")).startsWith("b.");
		assertThat(vault(KEY_B, "b", null).forSignIn(handle)).isEmpty();
	}

	@Test
	void bindGrantWhenSealedWithAnOldKeyThenSealedAgainSoTheOldKeyCanGo() {
		String handle = vault(KEY_A, "a", null).storeSignIn(new DefernoCredential("tok", null), "pat-1", "user-1",
				TestVaults.SIGN_IN_IDLE);
		vault(KEY_A, "a", null).bindGrant(handle, "auth-1", Duration.ofMinutes(5));
		TokenVault rotated = vault(KEY_B, "b", "a:" + KEY_A);

		// the grant's refresh after the rotation
		assertThat(rotated.bindGrant(handle, "auth-1", Duration.ofDays(30))).isTrue();

		assertThat(this.store.get("vault:grant:auth-1")).startsWith("b.");
		assertThat(this.store.get("vault:revocable:" + handle)).startsWith("b.");
		TokenVault withoutOldKey = vault(KEY_B, "b", null);
		assertThat(withoutOldKey.forGrant("auth-1")).map(DefernoCredential::token).contains("tok");
		assertThat(withoutOldKey.revocable(handle)).contains(new RevocableToken("pat-1", "user-1", "tok"));
		this.clock.advance(Duration.ofDays(29));
		assertThat(withoutOldKey.forGrant("auth-1")).isPresent();
		this.clock.advance(Duration.ofDays(2));
		assertThat(withoutOldKey.forGrant("auth-1")).isEmpty();
		assertThat(withoutOldKey.revocable(handle)).isPresent();
	}

	@Test
	void sealWhenOpenedForTheSamePurposeThenSecretElseNothing() {
		TokenVault vault = vault(KEY_A, "k1", null);
		String sealed = vault.seal("access\nrefresh", "refresh-replay:grant-1:hash");

		assertThat(sealed).doesNotContain("access").startsWith("k1.");
		assertThat(vault.open(sealed, "refresh-replay:grant-1:hash")).contains("access\nrefresh");
		assertThat(vault.open(sealed, "refresh-replay:grant-2:hash")).isEmpty();
		assertThat(vault(KEY_B, "k1", null).open(sealed, "refresh-replay:grant-1:hash")).isEmpty();
	}

	@Test
	void markedWhenCheckedThenOnlyTheValueAsMarkedPassesWithAnyConfiguredKey() {
		TokenVault vault = vault(KEY_A, "k1", null);
		String marked = vault.marked("grant-1.secret");

		assertThat(marked).startsWith("grant-1.secret.").hasSize("grant-1.secret.".length() + 22);
		assertThat(vault.isMarked(marked)).isTrue();
		// a client's slip: run on, cut short, a changed character; or the mark moved
		// to another value, or none at all
		assertThat(vault.isMarked(marked + "x")).isFalse();
		assertThat(vault.isMarked(marked + "\n")).isFalse();
		assertThat(vault.isMarked(marked.substring(0, marked.length() - 1))).isFalse();
		assertThat(vault.isMarked(marked.replace("secret", "secreT"))).isFalse();
		assertThat(vault.isMarked(marked.replace("grant-1", "grant-2"))).isFalse();
		assertThat(vault.isMarked("grant-1.secret")).isFalse();
		assertThat(vault.isMarked("")).isFalse();
		// another deployment's key; a rotation that keeps the old key
		assertThat(vault(KEY_B, "k1", null).isMarked(marked)).isFalse();
		assertThat(vault(KEY_B, "k2", "k1:" + KEY_A).isMarked(marked)).isTrue();
	}

	@Test
	void keysWhenARotationKeepsTheKeyIdThenRefusedSayingToGiveTheNewKeyAnIdOfItsOwn() {
		String oldKey = Base64.getEncoder().encodeToString(new byte[32]);
		byte[] other = new byte[32];
		other[0] = 1;
		String newKey = Base64.getEncoder().encodeToString(other);
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> VaultKeys.from(new VaultProperties(newKey, null, "k1:" + oldKey), StorageKind.REDIS))
			.withMessageContaining("VAULT_OLD_KEYS (auth.vault.old-keys)")
			.withMessageContaining("give the new VAULT_KEY an id of its own in VAULT_KEY_ID")
			.withMessageNotContaining(oldKey)
			.withMessageNotContaining(newKey);
		// the same key listed under its own id as well changes nothing
		VaultKeys.from(new VaultProperties(oldKey, null, "k1:" + oldKey), StorageKind.REDIS);
	}

	@Test
	void keysWhenAnOldKeysIdIsListedTwiceThenRefusedNamingTheId() {
		// the second key silently replaced the first, whose tokens no longer opened
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> VaultKeys.from(new VaultProperties(KEY_A, "k3", "k1:" + KEY_B + ", k1:" + KEY_A),
					StorageKind.REDIS))
			.withMessage("VAULT_OLD_KEYS (auth.vault.old-keys) must be a comma-separated list of id:base64-key, "
					+ "each id once, was 'id 'k1' twice'")
			.withMessageNotContaining(KEY_B);
	}

	@ParameterizedTest
	@ValueSource(strings = { "k1,k2", ",", "a:b,c" })
	void keysWhenTheKeyIdHoldsTheSeparatorOfOldKeysThenRefusedAsRotationCouldNotKeepIt(String id) {
		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(() -> new VaultProperties(KEY_A, id, null))
			.withMessage("VAULT_KEY_ID (auth.vault.key-id) must be an id without ',', which separates "
					+ "VAULT_OLD_KEYS' id:base64-key entries, e.g. k2, was '" + id + "'");
	}

	@Test
	void keysWhenAnIdHoldsAColonThenItsKeyIsStillFoundAfterARotation() {
		// base64 has no colon: an entry is split at its last one
		VaultKeys keys = VaultKeys.from(new VaultProperties(KEY_B, "k2", "2024:1:" + KEY_A), StorageKind.REDIS);
		VaultKeys same = VaultKeys.from(new VaultProperties(KEY_A, "2024:1", null), StorageKind.REDIS);
		assertThat(keys.byId("2024:1")).isEqualTo(same.byId("2024:1"));
	}

	@Test
	void keysWhenNotThirtyTwoBytesOrNotBase64ThenSettingNamedAndKeyNotShown() {
		String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> VaultKeys.from(new VaultProperties(shortKey, null, null), StorageKind.REDIS))
			.withMessageStartingWith("VAULT_KEY (auth.vault.key) must be the base64 of exactly 32 bytes")
			.withMessageContaining("was 'the base64 of 16 bytes'")
			.withMessageNotContaining(shortKey);
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> VaultKeys.from(new VaultProperties("%%%secret", null, null), StorageKind.MEMORY))
			.withMessageContaining("was 'not base64'")
			.withMessageNotContaining("secret");
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> VaultKeys.from(new VaultProperties(KEY_A, "b", "a" + KEY_B), StorageKind.MEMORY))
			.withMessageStartingWith("VAULT_OLD_KEYS (auth.vault.old-keys) must be a comma-separated list of id:")
			.withMessageNotContaining(KEY_B);
	}

	@Test
	void keysWhenUnsetWithRedisStorageThenRefusedAsRequired() {
		for (String unset : new String[] { null, "", "  " }) {
			assertThatExceptionOfType(InvalidSettingException.class)
				.isThrownBy(() -> VaultKeys.from(new VaultProperties(unset, null, null), StorageKind.REDIS))
				.withMessageStartingWith("VAULT_KEY (auth.vault.key) must be the base64 of 32 random bytes with Redis")
				.satisfies((ex) -> assertThat(ex.required()).isTrue());
		}
	}

	@Test
	void keysWhenUnsetThenGeneratedKeyWorks() {
		TokenVault vault = vault(null, null, null);
		String handle = vault.storeSignIn(new DefernoCredential("tok", null), TestVaults.SIGN_IN_IDLE);
		assertThat(vault.forSignIn(handle)).isPresent();
	}

	@Test
	void credentialToStringWhenPrintedThenTokenRedacted() {
		assertThat(new DefernoCredential("dfr_secret_token", null).toString()).doesNotContain("dfr_secret_token");
	}

	static final class FakeTicker implements Ticker {

		private long nanos;

		void advance(Duration duration) {
			this.nanos += duration.toNanos();
		}

		@Override
		public long read() {
			return this.nanos;
		}

	}

}
