package com.defernowork.gateway.auth.config;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

import static org.assertj.core.api.Assertions.assertThat;

class NamedParameterTests {

	@Test
	void singleWhenSentOnceWithTextThenThatValue() {
		assertThat(NamedParameter.single(new String[] { " a b " })).isEqualTo(" a b ");
	}

	@Test
	void singleWhenAbsentBlankOrRepeatedThenNull() {
		assertThat(NamedParameter.single(null)).isNull();
		assertThat(NamedParameter.single(new String[0])).isNull();
		assertThat(NamedParameter.single(new String[] { " " })).isNull();
		assertThat(NamedParameter.single(new String[] { "a", "a" })).isNull();
	}

	@Test
	void ofWhenTheFrameworkNamesAParameterThenItsName() {
		assertThat(NamedParameter.of(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
				"OAuth 2.0 Token Introspection Parameter: token", null)))
			.isEqualTo("token");
		assertThat(NamedParameter.of(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, "token is missing", null)))
			.isNull();
	}

}
