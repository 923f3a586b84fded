package com.defernowork.gateway.auth.upstream;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code oidc_username} sent to Deferno's {@code /internal/mcp-session}, which
 * Deferno matches when it knows no account for the subject yet.
 */
class OidcUsernameTests {

	@Test
	void preferredUsernameWhenGivenThenSent() {
		assertThat(DefernoSignIn.username(person(Map.of("preferred_username", "alice", "email", "a@example.com"))))
			.isEqualTo("alice");
	}

	@Test
	void emailWhenVerifiedThenSent() {
		assertThat(DefernoSignIn.username(person(Map.of("email", "alice@example.com", "email_verified", true))))
			.isEqualTo("alice@example.com");
	}

	@Test
	void emailWhenNotVerifiedOrNotSaidThenSubjectSentInstead() {
		// an address the provider did not verify may be anyone's: matched to an account
		// of that address, it would sign the claimant in as its owner
		assertThat(DefernoSignIn.username(person(Map.of("email", "alice@example.com", "email_verified", false))))
			.isEqualTo("subject-1");
		assertThat(DefernoSignIn.username(person(Map.of("email", "alice@example.com")))).isEqualTo("subject-1");
	}

	private static OidcUser person(Map<String, Object> claims) {
		Map<String, Object> all = new HashMap<>(claims);
		all.put("sub", "subject-1");
		all.put("iss", "https://idp.example");
		all.put("aud", List.of("gateway"));
		Instant now = Instant.now();
		return new DefaultOidcUser(List.of(), new OidcIdToken("id-token", now, now.plusSeconds(60), all));
	}

}
