package com.defernowork.gateway.auth.activity;

import java.util.Map;

import com.defernowork.gateway.web.settings.InvalidSettingException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ActivityPropertiesTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			max-entries | 0   | AUTH_ACTIVITY_MAX_ENTRIES | a whole number of 1 or more
			ttl         | -1d | AUTH_ACTIVITY_TTL         | a positive duration
			""")
	void bindWhenOutOfRangeThenNamesTheSetting(String name, String value, String env, String accepted) {
		assertThatThrownBy(() -> new Binder(new MapConfigurationPropertySource(Map.of("auth.activity." + name, value)))
			.bindOrCreate("auth.activity", ActivityProperties.class)).rootCause()
			.isInstanceOf(InvalidSettingException.class)
			.hasMessageStartingWith(env + " (auth.activity." + name + ") must be " + accepted);
	}

}
