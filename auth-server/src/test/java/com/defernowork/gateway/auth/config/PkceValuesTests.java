package com.defernowork.gateway.auth.config;

import org.junit.jupiter.api.Test;

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

}
