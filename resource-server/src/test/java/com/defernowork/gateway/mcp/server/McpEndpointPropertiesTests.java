package com.defernowork.gateway.mcp.server;

import java.util.Map;

import com.defernowork.gateway.web.settings.InvalidSettingException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class McpEndpointPropertiesTests {

	@ParameterizedTest
	@ValueSource(strings = { "0", "-1", "0KB", "10", "1023B" })
	void bindWhenMaxRequestSizeBelowAKilobyteThenNamesTheSetting(String size) {
		assertThatThrownBy(
				() -> new Binder(new MapConfigurationPropertySource(Map.of("mcp.endpoint.max-request-size", size)))
					.bindOrCreate("mcp.endpoint", McpEndpointProperties.class))
			.rootCause()
			.isInstanceOf(InvalidSettingException.class)
			.hasMessageStartingWith(
					"MCP_MAX_REQUEST_SIZE (mcp.endpoint.max-request-size) must be a size of 1KB or more with its unit, e.g. 1MB");
	}

}
