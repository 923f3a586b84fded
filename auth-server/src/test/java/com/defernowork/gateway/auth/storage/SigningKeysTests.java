package com.defernowork.gateway.auth.storage;

import java.util.List;

import com.defernowork.gateway.auth.storage.memory.MemoryKeyValueStore;
import com.defernowork.gateway.auth.vault.TestVaults;
import com.github.benmanes.caffeine.cache.Ticker;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.junit.jupiter.api.Test;

import org.springframework.dao.QueryTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SigningKeysTests {

	private static final JWKSelector ANY_KEY = new JWKSelector(new JWKMatcher.Builder().build());

	private static final SecretSeal SEAL = TestVaults.inMemory().sealFor("signing-key");

	@Test
	void jwkSourceWhenCreatedThenNoKeyMadeUntilFirstUseThenTheSameKeyEveryTime() throws Exception {
		MemoryKeyValueStore store = new MemoryKeyValueStore(Ticker.systemTicker());
		JWKSource<SecurityContext> source = SigningKeys.jwkSource(store, SEAL);
		assertThat(store.get(SigningKeys.KEY)).isNull();
		List<JWK> first = source.get(ANY_KEY, null);
		assertThat(first).singleElement().isInstanceOf(RSAKey.class);
		assertThat(((RSAKey) first.get(0)).isPrivate()).isTrue();
		assertThat(store.get(SigningKeys.KEY)).isNotNull();
		assertThat(source.get(ANY_KEY, null)).containsExactlyElementsOf(first);
		// a second instance on the same store publishes the same key
		assertThat(SigningKeys.jwkSource(store, SEAL).get(ANY_KEY, null)).containsExactlyElementsOf(first);
	}

	@Test
	void jwkSourceWhenStoreFailsAtFirstUseThenAskedAgainNextTime() throws Exception {
		FlakyKeyValueStore store = new FlakyKeyValueStore();
		store.failGet = true;
		JWKSource<SecurityContext> source = SigningKeys.jwkSource(store, SEAL);
		assertThatExceptionOfType(QueryTimeoutException.class).isThrownBy(() -> source.get(ANY_KEY, null));
		store.failGet = false;
		assertThat(source.get(ANY_KEY, null)).singleElement().isInstanceOf(RSAKey.class);
		assertThat(store.values).containsKey(SigningKeys.KEY);
	}

}
