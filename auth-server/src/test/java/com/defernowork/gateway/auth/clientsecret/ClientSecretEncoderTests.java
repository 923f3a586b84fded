package com.defernowork.gateway.auth.clientsecret;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.storage.TokenHashes;

import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.ClientSecretAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The framework's client secret authentication with this encoder: a server-generated
 * secret is checked with one SHA-256 digest whatever is presented, right or wrong;
 * secrets stored before with BCrypt still verify.
 */
class ClientSecretEncoderTests {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final AtomicInteger digests = new AtomicInteger();

	private final ClientSecretEncoder encoder = new ClientSecretEncoder(new Sha256SecretEncoder((input) -> {
		this.digests.incrementAndGet();
		return TokenHashes.sha256(input);
	}));

	private final String secret = randomSecret();

	private final String legacySecret = randomSecret();

	private final InMemoryRegisteredClientRepository clients = new InMemoryRegisteredClientRepository(
			client("rs", this.encoder.encode(this.secret)),
			client("legacy", PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(this.legacySecret)),
			client("short", this.encoder.encode("chosen-by-a-person")));

	private final ClientSecretAuthenticationProvider authenticator = new ClientSecretAuthenticationProvider(
			this.clients, new InMemoryOAuth2AuthorizationService());

	@BeforeEach
	void setUp() {
		this.authenticator.setPasswordEncoder(this.encoder);
		// encoding the stored secrets above digested one
		this.digests.set(0);
	}

	@Test
	void encodeWhenServerGeneratedSecretThenSha256AndShortSecretThenBcrypt() {
		assertThat(this.encoder.encode(this.secret)).startsWith("{secret-sha256}").hasSize(15 + 43);
		assertThat(this.encoder.encode("chosen-by-a-person")).startsWith("{bcrypt}$2");
		assertThat(this.encoder.encode("a".repeat(64))).as("long but not varied").startsWith("{bcrypt}");
	}

	@Test
	void authenticateWhenRightOrWrongSecretThenOneDigestEach() {
		assertThat(authenticate("rs", this.secret).isAuthenticated()).isTrue();
		assertThat(this.digests).hasValue(1);

		String wrongSameLength = randomSecret();
		for (String wrong : new String[] { wrongSameLength, this.secret + "x", this.secret.substring(1), "", "x" }) {
			this.digests.set(0);
			assertThatExceptionOfType(OAuth2AuthenticationException.class).isThrownBy(() -> authenticate("rs", wrong))
				.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.INVALID_CLIENT));
			assertThat(this.digests).as("digests for a wrong secret").hasValue(1);
		}
	}

	@Test
	void authenticateWhenUnknownClientIdThenRefusedWithoutMoreWorkThanAKnownOne() {
		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> authenticate("nobody", this.secret))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.INVALID_CLIENT));
		// client ids are not secrets (RFC 6749 section 2.2): refused before any hash,
		// never costlier than a known id
		assertThat(this.digests).hasValue(0);
	}

	@Test
	void matchesWhenStoredValueUnreadableThenFalseAfterTheSameDigest() {
		for (String stored : new String[] { null, "", "{secret-sha256}", "{secret-sha256}not base64!",
				"{secret-sha256}" + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[16]),
				"{unknown-id}abc", "no-id-at-all", this.secret }) {
			this.digests.set(0);
			assertThat(this.encoder.matches(this.secret, stored)).as(stored).isFalse();
			assertThat(this.digests).as("digests for " + stored).hasValue(1);
		}
	}

	@Test
	void authenticateWhenSecretStoredBeforeWithBcryptThenStillVerifiesAndIsNotRewritten() {
		String stored = this.clients.findByClientId("legacy").getClientSecret();

		assertThat(authenticate("legacy", this.legacySecret).isAuthenticated()).isTrue();
		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> authenticate("legacy", randomSecret()));
		assertThat(authenticate("short", "chosen-by-a-person").isAuthenticated()).isTrue();

		assertThat(this.clients.findByClientId("legacy").getClientSecret()).isEqualTo(stored);
		assertThat(this.digests).as("no SHA-256 for BCrypt-stored secrets").hasValue(0);
	}

	@Test
	void authenticateWhenNoSecretPresentedThenInvalidClient() {
		assertThatExceptionOfType(OAuth2AuthenticationException.class).isThrownBy(() -> authenticate("rs", null))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.INVALID_CLIENT));
	}

	private OAuth2ClientAuthenticationToken authenticate(String clientId, String presented) {
		return (OAuth2ClientAuthenticationToken) this.authenticator.authenticate(new OAuth2ClientAuthenticationToken(
				clientId, ClientAuthenticationMethod.CLIENT_SECRET_BASIC, presented, null));
	}

	private static RegisteredClient client(String clientId, String storedSecret) {
		return RegisteredClient.withId("id-" + clientId)
			.clientId(clientId)
			.clientSecret(storedSecret)
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.build();
	}

	private static String randomSecret() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
