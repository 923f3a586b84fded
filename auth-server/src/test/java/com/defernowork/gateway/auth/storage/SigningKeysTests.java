package com.defernowork.gateway.auth.storage;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.defernowork.gateway.auth.storage.memory.MemoryKeyValueStore;
import com.defernowork.gateway.auth.vault.TestVaults;
import com.github.benmanes.caffeine.cache.Ticker;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;

import org.springframework.dao.QueryTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SigningKeysTests {

	private static final JWKSelector ANY_KEY = new JWKSelector(new JWKMatcher.Builder().build());

	private static final SecretSeal SEAL = TestVaults.inMemory().sealFor("signing-key");

	private final AtomicLong nanos = new AtomicLong();

	private final MemoryKeyValueStore store = new MemoryKeyValueStore(Ticker.systemTicker());

	/**
	 * A server's keys; its checks run in the caller's thread, so a get sees their result.
	 */
	private SigningKeys server(KeyValueStore store) {
		return new SigningKeys(store, SEAL, this.nanos::get, Runnable::run);
	}

	private void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

	private static List<String> published(SigningKeys keys) throws Exception {
		return keys.get(ANY_KEY, null).stream().map(JWK::getKeyID).toList();
	}

	/** The one key the server publishes and signs with. */
	private static String signing(SigningKeys keys) throws Exception {
		List<JWK> published = keys.get(ANY_KEY, null);
		assertThat(published).singleElement().satisfies((key) -> assertThat(key.isPrivate()).isTrue());
		return published.get(0).getKeyID();
	}

	@Test
	void getWhenCreatedThenNoKeyMadeUntilFirstUseThenTheSameKeyEveryTime() throws Exception {
		SigningKeys source = server(this.store);
		assertThat(this.store.get(SigningKeys.KEY)).isNull();
		List<JWK> first = source.get(ANY_KEY, null);
		assertThat(first).singleElement().isInstanceOf(RSAKey.class);
		assertThat(((RSAKey) first.get(0)).isPrivate()).isTrue();
		assertThat(this.store.get(SigningKeys.KEY)).isNotNull();
		assertThat(source.get(ANY_KEY, null)).containsExactlyElementsOf(first);
		// a second instance on the same store publishes the same key
		assertThat(server(this.store).get(ANY_KEY, null)).containsExactlyElementsOf(first);
	}

	@Test
	void getWhenStoreFailsAtFirstUseThenAskedAgainNextTime() throws Exception {
		FlakyKeyValueStore store = new FlakyKeyValueStore();
		store.failGet = true;
		SigningKeys source = server(store);
		assertThatExceptionOfType(QueryTimeoutException.class).isThrownBy(() -> source.get(ANY_KEY, null));
		store.failGet = false;
		assertThat(source.get(ANY_KEY, null)).singleElement().isInstanceOf(RSAKey.class);
		assertThat(store.values).containsKey(SigningKeys.KEY);
	}

	@Test
	void checkWhenTheStoreLostTheKeyThenPutBackAndAServerStartingThenSignsWithItToo() throws Exception {
		SigningKeys running = server(this.store);
		String key = signing(running);
		this.store.delete(SigningKeys.KEY);

		advance(SigningKeys.CHECK_INTERVAL.plusSeconds(1));

		assertThat(published(running)).containsExactly(key);
		assertThat(SigningKeys.loadOrCreate(this.store, SEAL).getKeyID()).isEqualTo(key);
		assertThat(signing(server(this.store))).isEqualTo(key);
	}

	@Test
	void checkWhenAnotherKeyWasStoredMeanwhileThenSignsWithThatOneAlone() throws Exception {
		SigningKeys running = server(this.store);
		String before = signing(running);
		// Redis lost the key, and a server starting before this one looked again stored a
		// new one
		this.store.delete(SigningKeys.KEY);
		SigningKeys started = server(this.store);
		String after = signing(started);
		assertThat(after).isNotEqualTo(before);

		assertThat(signing(running)).as("before the check").isEqualTo(before);
		advance(SigningKeys.CHECK_INTERVAL.plusSeconds(1));

		assertThat(published(running)).containsExactly(after);
		assertThat(published(started)).containsExactly(after);
	}

	@Test
	void checkWhenTheStoreFailsThenSignsWithTheKeyItHasAndChecksAgainLater() throws Exception {
		FlakyKeyValueStore store = new FlakyKeyValueStore();
		SigningKeys running = server(store);
		String key = signing(running);
		store.values.clear();
		store.failGet = true;

		advance(SigningKeys.CHECK_INTERVAL.plusSeconds(1));
		assertThat(signing(running)).isEqualTo(key);
		assertThat(store.values).isEmpty();

		store.failGet = false;
		advance(SigningKeys.CHECK_INTERVAL.plusSeconds(1));
		running.get(ANY_KEY, null);
		assertThat(SigningKeys.loadOrCreate(store, SEAL).getKeyID()).isEqualTo(key);
	}

	@Test
	void checkWhenNothingChangedThenNothingWritten() throws Exception {
		SigningKeys running = server(this.store);
		String key = signing(running);
		String stored = this.store.get(SigningKeys.KEY);

		advance(SigningKeys.CHECK_INTERVAL.plusSeconds(1));

		assertThat(published(running)).containsExactly(key);
		assertThat(this.store.get(SigningKeys.KEY)).isEqualTo(stored);
	}

	@Test
	void checkWhenSealedWithAKeyKeptForARotationThenSealedAgainWithTheCurrentOne() throws Exception {
		String key = signing(server(this.store));
		SecretSeal rotated = TestVaults.inMemoryRotated().sealFor("signing-key");
		SigningKeys running = new SigningKeys(this.store, rotated, this.nanos::get, Runnable::run);
		assertThat(signing(running)).isEqualTo(key);
		// e.g. sealed back by a server of the rotation's first step that restarted
		// meanwhile
		assertThat(this.store.get(SigningKeys.KEY)).startsWith("test.");

		advance(SigningKeys.CHECK_INTERVAL.plusSeconds(1));
		running.get(ANY_KEY, null);

		assertThat(this.store.get(SigningKeys.KEY)).startsWith("next.");
		assertThat(SigningKeys.loadOrCreate(this.store, rotated).getKeyID()).isEqualTo(key);
	}

	@Test
	void checkWhenNoVaultKeyOfThisServerOpensTheStoredKeyThenSignsWithTheKeyItHasAndLeavesTheStoredOne()
			throws Exception {
		SigningKeys running = server(this.store);
		String key = signing(running);
		SecretSeal another = TestVaults.inMemory(new byte[32]).sealFor("signing-key");
		String stored = another
			.seal(SigningKeys.loadOrCreate(new MemoryKeyValueStore(Ticker.systemTicker()), another).toJSONString());
		this.store.put(SigningKeys.KEY, stored, null);

		advance(SigningKeys.CHECK_INTERVAL.plusSeconds(1));

		assertThat(published(running)).containsExactly(key);
		assertThat(this.store.get(SigningKeys.KEY)).isEqualTo(stored);
	}

}
