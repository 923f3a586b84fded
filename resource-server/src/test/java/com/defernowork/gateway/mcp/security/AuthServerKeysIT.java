package com.defernowork.gateway.mcp.security;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.defernowork.gateway.mcp.security.support.ClassScopedWireMock;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.http.client.SimpleClientHttpRequestFactory;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The auth server's keys as JWT mode fetches and keeps them, against a real HTTP server:
 * kept, fetched again for a new key id but not for every made-up one, and used on while
 * the auth server cannot be reached.
 */
class AuthServerKeysIT {

	private static final String JWKS = "/oauth2/jwks";

	/**
	 * Short enough for a test to outlive the cache; Nimbus reads the system clock, so
	 * these tests wait out this second rather than move a clock.
	 */
	private static final AuthServerKeys.Timing SHORT = new AuthServerKeys.Timing(Duration.ofSeconds(1),
			Duration.ofMillis(500), Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofHours(1));

	@RegisterExtension
	static final ClassScopedWireMock authServer = new ClassScopedWireMock();

	private final RSAKey key = generate();

	private AuthServerKeys keys;

	@BeforeEach
	void publish() {
		authServer.resetAll();
		authServer.stubFor(get(urlPathEqualTo(JWKS)).willReturn(okJson(new JWKSet(this.key.toPublicJWK()).toString())));
	}

	@AfterEach
	void close() throws Exception {
		if (this.keys != null) {
			this.keys.close();
		}
	}

	private AuthServerKeys keys(AuthServerKeys.Timing timing) {
		this.keys = new AuthServerKeys(authServer.baseUrl() + JWKS, new SimpleClientHttpRequestFactory(), timing);
		return this.keys;
	}

	private static JWKSelector keyId(String keyId) {
		return new JWKSelector(new JWKMatcher.Builder().keyID(keyId).build());
	}

	private static int fetches() {
		return authServer.countRequestsMatching(getRequestedFor(urlPathEqualTo(JWKS)).build()).getCount();
	}

	@Test
	void getWhenAskedForEveryTokenThenFetchedOnce() throws Exception {
		AuthServerKeys keys = keys(AuthServerKeys.Timing.standard(Duration.ofSeconds(5)));
		for (int i = 0; i < 20; i++) {
			assertThat(keys.get(keyId(this.key.getKeyID()), null)).extracting(JWK::getKeyID)
				.containsExactly(this.key.getKeyID());
		}
		assertThat(fetches()).isEqualTo(1);
	}

	@Test
	void getWhenTheAuthServerPublishedANewKeyThenFetchedAgainForItsKeyId() throws Exception {
		AuthServerKeys keys = keys(AuthServerKeys.Timing.standard(Duration.ofSeconds(5)));
		keys.get(keyId(this.key.getKeyID()), null);
		RSAKey next = generate();
		authServer.stubFor(get(urlPathEqualTo(JWKS))
			.willReturn(okJson(new JWKSet(List.of(next.toPublicJWK(), this.key.toPublicJWK())).toString())));

		assertThat(keys.get(keyId(next.getKeyID()), null)).extracting(JWK::getKeyID).containsExactly(next.getKeyID());
		assertThat(fetches()).isEqualTo(2);
	}

	@Test
	void getWhenManyMadeUpKeyIdsThenNoKeyAndFetchedAgainAtMostTwice() throws Exception {
		AuthServerKeys keys = keys(AuthServerKeys.Timing.standard(Duration.ofSeconds(5)));
		keys.get(keyId(this.key.getKeyID()), null);

		for (int i = 0; i < 50; i++) {
			assertThat(keys.get(keyId(UUID.randomUUID().toString()), null)).isEmpty();
		}

		assertThat(fetches()).isBetween(2, 3);
		assertThat(keys.get(keyId(this.key.getKeyID()), null)).hasSize(1);
	}

	@Test
	void getWhenTheAuthServerIsDownPastTheCacheThenTheKeysFetchedLastAreUsed() throws Exception {
		AuthServerKeys keys = keys(SHORT);
		keys.get(keyId(this.key.getKeyID()), null);
		authServer.stubFor(get(urlPathEqualTo(JWKS)).willReturn(aResponse().withStatus(503)));

		Thread.sleep(SHORT.cache().plusMillis(200).toMillis());

		assertThat(keys.get(keyId(this.key.getKeyID()), null)).extracting(JWK::getKeyID)
			.containsExactly(this.key.getKeyID());
		assertThat(fetches()).as("tried again").isGreaterThan(1);
	}

	@Test
	void getWhenTheAuthServerWasNeverReachedThenAKeySourceFailureEveryTimeNotAnHttpClientOne() {
		authServer.stubFor(get(urlPathEqualTo(JWKS)).willReturn(WireMock.serverError()));
		AuthServerKeys keys = keys(AuthServerKeys.Timing.standard(Duration.ofSeconds(5)));

		// every time, also once fetches are refused for coming too often: the token may
		// be fine, so it must not be refused as unverifiable (401)
		for (int i = 0; i < 5; i++) {
			assertThatExceptionOfType(KeySourceException.class)
				.isThrownBy(() -> keys.get(keyId(this.key.getKeyID()), null))
				.withMessageContaining("could not be fetched");
		}
	}

	private static RSAKey generate() {
		try {
			return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
