package com.defernowork.gateway.mcp.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenKeysTests {

	@Test
	void ofWhenSameTokenThenSameSha256HexAndNeverTheToken() {
		// FIPS 180-2's test vector for "abc"
		assertThat(TokenKeys.of("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
			.isEqualTo(TokenKeys.of("abc"));
		assertThat(TokenKeys.of("abd")).isNotEqualTo(TokenKeys.of("abc")).doesNotContain("abd");
	}

}
