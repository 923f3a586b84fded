package com.defernowork.gateway.web.settings;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SettingsTests {

	private static final String ISSUER = "AUTH_ISSUER (auth.issuer)";

	private static final String BASE_URL = "DEFERNO_BASE_URL (auth.upstream.deferno-base-url)";

	@ParameterizedTest
	@ValueSource(strings = { "http://localhost:99999", "http://localhost:0", "http://localhost:",
			"https://mcp.example.com:", "http://[::1]:" })
	void originWhenThePortIsEmptyOrOutOfRangeThenNamesTheSettingAndTheRange(String origin) {
		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(() -> Settings.origin(origin, ISSUER))
			.withMessage(ISSUER + " must be an http(s) origin whose port, when given, is a number from 1 to 65535, "
					+ "e.g. https://mcp.example.com or http://localhost:9000, was '" + origin + "'");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://localhost:1", "http://localhost:65535", "https://mcp.example.com",
			"http://[::1]:9000" })
	void originWhenThePortIsFrom1To65535OrNoneThenKept(String origin) {
		assertThat(Settings.origin(origin, ISSUER)).isEqualTo(origin);
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://x/api?y=1", "http://x/api?", "http://x/api#top", "http://x:99999/api",
			"http://x:/api" })
	void httpUrlWhenItHasAQueryAFragmentOrABadPortThenNamesTheSetting(String url) {
		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(() -> Settings.httpUrl(url, BASE_URL))
			.withMessage(BASE_URL + " must be an absolute http(s) URL without query or fragment, "
					+ "e.g. https://host.example.com/api, was '" + url + "'");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://x/api", "https://host.example.com:8443/a/b/", "http://127.0.0.1:3000" })
	void httpUrlWhenAbsoluteWithoutQueryOrFragmentThenKept(String url) {
		assertThat(Settings.httpUrl(url, BASE_URL)).isEqualTo(url);
	}

}
