package com.defernowork.gateway.sandbox.oauth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PkceTests {

	// RFC 7636 appendix B
	static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

	static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

	@Test
	void matchesWhenRfcExampleThenTrue() {
		assertThat(Pkce.s256(VERIFIER)).isEqualTo(CHALLENGE);
		assertThat(Pkce.matches(VERIFIER, CHALLENGE)).isTrue();
	}

	@Test
	void matchesWhenVerifierWrongOrMalformedThenFalse() {
		assertThat(Pkce.matches(VERIFIER.replace('d', 'e'), CHALLENGE)).isFalse();
		assertThat(Pkce.matches("short", Pkce.s256("short"))).isFalse();
		assertThat(Pkce.matches(null, CHALLENGE)).isFalse();
	}

	@Test
	void isValidChallengeWhenNotBase64UrlSha256ThenFalse() {
		assertThat(Pkce.isValidChallenge(CHALLENGE)).isTrue();
		assertThat(Pkce.isValidChallenge("plain-verifier")).isFalse();
		assertThat(Pkce.isValidChallenge(null)).isFalse();
	}

}
