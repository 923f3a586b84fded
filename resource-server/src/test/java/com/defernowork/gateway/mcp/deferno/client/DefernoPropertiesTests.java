package com.defernowork.gateway.mcp.deferno.client;

import java.util.Map;

import com.defernowork.gateway.web.settings.InvalidSettingException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DefernoPropertiesTests {

	private static DefernoProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("deferno",
				DefernoProperties.class);
	}

	@Test
	void bindWhenDefaultsThenValid() {
		assertThat(bind(Map.of()).normalizedBaseUrl()).isEqualTo("http://127.0.0.1:3000/api");
	}

	@Test
	void bindWhenBlankBaseUrlThenRefusedQuotingTheBlank() {
		// an empty one is the default: the report must show it was not empty
		assertThatThrownBy(() -> bind(Map.of("deferno.base-url", "  "))).rootCause()
			.isInstanceOf(InvalidSettingException.class)
			.hasMessageEndingWith("was '  '");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			base-url        | not a url       | DEFERNO_BASE_URL        | an absolute http(s) URL
			base-url        | ftp://x/api     | DEFERNO_BASE_URL        | an absolute http(s) URL
			connect-timeout | 0               | DEFERNO_CONNECT_TIMEOUT | a positive duration
			read-timeout    | -1s             | DEFERNO_READ_TIMEOUT    | a positive duration
			read-timeout    | 0               | DEFERNO_READ_TIMEOUT    | a positive duration
			max-connections | 0               | DEFERNO_MAX_CONNECTIONS | a whole number of 1 or more
			read-retries    | -1              | DEFERNO_READ_RETRIES    | a whole number of 0 or more
			profile-ttl     | -1s             | DEFERNO_PROFILE_TTL     | a duration of 0 or more
			sign-in-check-memory | -1s        | DEFERNO_SIGN_IN_CHECK_MEMORY | a duration of 0 or more
			""")
	void bindWhenOutOfRangeThenNamesTheSetting(String name, String value, String env, String accepted) {
		assertThatThrownBy(() -> bind(Map.of("deferno." + name, value))).rootCause()
			.isInstanceOf(InvalidSettingException.class)
			.hasMessageStartingWith(env + " (deferno." + name + ") must be " + accepted);
	}

}
