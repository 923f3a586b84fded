package com.defernowork.gateway.mcp.observe;

import java.util.Map;

import com.defernowork.gateway.web.settings.InvalidSettingException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObservePropertiesTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			queue-size | 0    | a whole number of 1 or more
			batch-size | 501  | a whole number from 1 to 500
			linger     | -1ms | a duration of 0 or more
			""")
	void bindWhenOutOfRangeThenNamesTheSetting(String name, String value, String accepted) {
		assertThatThrownBy(() -> new Binder(new MapConfigurationPropertySource(Map.of("mcp.activity." + name, value)))
			.bindOrCreate("mcp.activity", ObserveProperties.class)).rootCause()
			.isInstanceOf(InvalidSettingException.class)
			.hasMessageStartingWith("mcp.activity." + name + " must be " + accepted);
	}

}
