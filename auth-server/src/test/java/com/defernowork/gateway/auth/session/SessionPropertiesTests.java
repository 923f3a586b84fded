package com.defernowork.gateway.auth.session;

import java.util.Map;

import com.defernowork.gateway.web.settings.InvalidSettingException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionPropertiesTests {

	private static SessionProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("auth.session",
				SessionProperties.class);
	}

	@Test
	void bindWhenDefaultsThenValid() {
		assertThat(bind(Map.of()).memoryMaxSessions()).isEqualTo(2000);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			anonymous-timeout   | -5m | AUTH_SESSION_ANONYMOUS_TIMEOUT   | a positive duration
			signed-in-timeout   | 0   | AUTH_SESSION_SIGNED_IN_TIMEOUT   | a positive duration
			memory-max-sessions | -1  | AUTH_SESSION_MEMORY_MAX_SESSIONS | a whole number of 1 or more
			memory-max-sessions | 0   | AUTH_SESSION_MEMORY_MAX_SESSIONS | a whole number of 1 or more
			""")
	void bindWhenOutOfRangeThenNamesTheSetting(String name, String value, String env, String accepted) {
		assertThatThrownBy(() -> bind(Map.of("auth.session." + name, value))).rootCause()
			.isInstanceOf(InvalidSettingException.class)
			.hasMessageStartingWith(env + " (auth.session." + name + ") must be " + accepted);
	}

}
