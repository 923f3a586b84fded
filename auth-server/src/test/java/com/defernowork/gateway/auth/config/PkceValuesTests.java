package com.defernowork.gateway.auth.config;

import org.junit.jupiter.api.Test;

import com.defernowork.gateway.testsupport.Pkce;

import static org.assertj.core.api.Assertions.assertThat;

class PkceValuesTests {

	@Test
	void isWellFormedWhen43To128UnreservedCharactersThenTrue() {
		assertThat(PkceValues.isWellFormed("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")).isTrue();
		assertThat(PkceValues.isWellFormed("a".repeat(43))).isTrue();
		assertThat(PkceValues.isWellFormed("Az09-._~".repeat(16))).isTrue();
	}

	@Test
	void isWellFormedWhenTooShortTooLongOrReservedCharacterThenFalse() {
		assertThat(PkceValues.isWellFormed("a".repeat(42))).isFalse();
		assertThat(PkceValues.isWellFormed("a".repeat(129))).isFalse();
		assertThat(PkceValues.isWellFormed("a".repeat(42) + "+")).isFalse();
		assertThat(PkceValues.isWellFormed("a".repeat(42) + "=")).isFalse();
		assertThat(PkceValues.isWellFormed("a".repeat(42) + "\u00e9")).isFalse();
		assertThat(PkceValues.isWellFormed("")).isFalse();
	}

	@Test
	void isS256ChallengeWhenTheBase64urlOfThirtyTwoBytesThenTrueElseFalse() {
		assertThat(PkceValues.isS256Challenge(Pkce.s256().challenge())).isTrue();
		assertThat(PkceValues.isS256Challenge("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")).isTrue();
		// a verifier's grammar, but no digest's: too long, '.' or '~', padding, a last
		// character with bits a 32-byte value cannot have
		assertThat(PkceValues.isS256Challenge("a".repeat(44))).isFalse();
		assertThat(PkceValues.isS256Challenge("a".repeat(128))).isFalse();
		assertThat(PkceValues.isS256Challenge("a".repeat(42) + "~")).isFalse();
		assertThat(PkceValues.isS256Challenge("a".repeat(41) + ".A")).isFalse();
		assertThat(PkceValues.isS256Challenge("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM=")).isFalse();
		assertThat(PkceValues.isS256Challenge("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cN")).isFalse();
		assertThat(PkceValues.isS256Challenge("a".repeat(42))).isFalse();
	}

}
