package com.defernowork.gateway.auth.token;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.audit.CodeOfAnotherClient;
import com.defernowork.gateway.auth.storage.AuthorizationLifetime;
import com.defernowork.gateway.auth.storage.StorageFixtures;
import com.defernowork.gateway.auth.storage.memory.MemoryOAuth2AuthorizationService;
import com.defernowork.gateway.testsupport.MutableClock;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.PublicClientAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The framework's public client authentication, which checks the code's PKCE, refusing
 * codes: each refusal says what is wrong, and another client's code is told as unknown
 * and named for the audit line.
 */
class CodeCheckErrorsTests {

	private final MemoryOAuth2AuthorizationService authorizations = new MemoryOAuth2AuthorizationService(
			new AuthorizationLifetime(Duration.ofMinutes(10)), MutableClock.now());

	private final RegisteredClient owner = StorageFixtures.publicClient();

	private final RegisteredClient other = StorageFixtures.publicClient();

	private final AuthenticationProvider provider = new CodeCheckErrors(new PublicClientAuthenticationProvider(
			new InMemoryRegisteredClientRepository(this.owner, this.other), this.authorizations), this.authorizations);

	private String code;

	@BeforeEach
	void issueCode() {
		OAuth2AuthorizationCode issued = StorageFixtures.code(Instant.now());
		this.code = issued.getTokenValue();
		this.authorizations
			.save(StorageFixtures.pending(this.owner, StorageFixtures.person("u1")).token(issued).build());
	}

	@Test
	void authenticateWhenTheVerifierDoesNotMatchThenSaidSoAndNotAnotherClients() {
		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> this.provider.authenticate(presented(this.owner, this.code, "b".repeat(43))))
			.satisfies((ex) -> assertThat(ex).isNotInstanceOf(CodeOfAnotherClient.class))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_grant"))
			.satisfies((ex) -> assertThat(ex.getError().getDescription())
				.isEqualTo("code_verifier does not match the code_challenge of the authorization request "
						+ "(RFC 7636 section 4.6)"));
	}

	@Test
	void authenticateWhenTheVerifierIsMissingThenSaidSo() {
		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> this.provider.authenticate(presented(this.owner, this.code, null)))
			.satisfies((ex) -> assertThat(ex.getError().getDescription()).startsWith("code_verifier is missing"));
	}

	@Test
	void authenticateWhenTheCodeIsUnknownThenNotValidAndNamesNoClient() {
		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> this.provider.authenticate(presented(this.other, "code-unknown", "b".repeat(43))))
			.satisfies((ex) -> assertThat(ex).isNotInstanceOf(CodeOfAnotherClient.class))
			.satisfies((ex) -> assertThat(ex.getError().getDescription())
				.isEqualTo(ClientAuthenticationFailure.CODE_NOT_VALID));
	}

	@Test
	void authenticateWhenAnotherClientsCodeIsRefusedThenToldAsUnknownAndTheCodesClientNamed() {
		assertThatExceptionOfType(CodeOfAnotherClient.class)
			.isThrownBy(() -> this.provider.authenticate(presented(this.other, this.code, "b".repeat(43))))
			.satisfies((ex) -> assertThat(ex.issuedTo()).isEqualTo(this.owner.getClientId()))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_grant"))
			// nothing tells the client presenting it that the code exists
			.satisfies((ex) -> assertThat(ex.getError().getDescription())
				.isEqualTo(ClientAuthenticationFailure.CODE_NOT_VALID));
	}

	/** As the framework's public client converter builds it. */
	private static OAuth2ClientAuthenticationToken presented(RegisteredClient client, String code, String verifier) {
		Map<String, Object> parameters = new HashMap<>();
		parameters.put("grant_type", "authorization_code");
		parameters.put("code", code);
		parameters.put("redirect_uri", client.getRedirectUris().iterator().next());
		if (verifier != null) {
			parameters.put("code_verifier", verifier);
		}
		return new OAuth2ClientAuthenticationToken(client.getClientId(), ClientAuthenticationMethod.NONE, null,
				parameters);
	}

}
