package com.defernowork.gateway.auth.cimd;

import java.util.Map;

import com.defernowork.gateway.web.settings.InvalidSettingException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CimdPropertiesTests {

	private static CimdProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("auth.cimd",
				CimdProperties.class);
	}

	@Test
	void bindWhenDefaultsThenValid() {
		assertThat(bind(Map.of()).maxConcurrentFetches()).isEqualTo(16);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			connect-timeout         | 0   | AUTH_CIMD_CONNECT_TIMEOUT         | a positive duration
			timeout                 | -5s | AUTH_CIMD_TIMEOUT                 | a positive duration
			max-concurrent-fetches  | 0   | AUTH_CIMD_MAX_CONCURRENT_FETCHES  | a whole number of 1 or more
			cache.min-ttl           | -1m | AUTH_CIMD_CACHE_MIN_TTL           | a duration of 0 or more
			cache.max-ttl           | 0   | AUTH_CIMD_CACHE_MAX_TTL           | a positive duration
			cache.default-ttl       | -1s | AUTH_CIMD_CACHE_DEFAULT_TTL       | a duration of 0 or more
			cache.max-entries       | 0   | AUTH_CIMD_CACHE_MAX_ENTRIES       | a whole number of 1 or more
			""")
	void bindWhenOutOfRangeThenNamesTheSetting(String name, String value, String env, String accepted) {
		assertThatThrownBy(() -> bind(Map.of("auth.cimd." + name, value))).rootCause()
			.isInstanceOf(InvalidSettingException.class)
			.hasMessageStartingWith(env + " (auth.cimd." + name + ") must be " + accepted);
	}

}
