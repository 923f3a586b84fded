package com.defernowork.gateway.mcp.deferno.client;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.web.client.RestClient;

import com.defernowork.gateway.mcp.catalog.ToolResults;
import com.defernowork.gateway.mcp.security.McpSecurityProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DefernoClientTests {

	@Test
	void callWhenNoTokenSourceThenUnavailableBeforeAnyHttpAndToolResultExplains() {
		DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
		DefernoClient client = new DefernoClient(RestClient.create(),
				new DefernoProperties("http://127.0.0.1:9/api/", "", Duration.ofSeconds(1), Duration.ofSeconds(1), 2, 0,
						Duration.ZERO),
				JsonMapper.builder().build(), beans.getBeanProvider(DefernoTokenSource.class),
				beans.getBeanProvider(DefernoUnauthorizedListener.class));
		assertThatExceptionOfType(DefernoTokenUnavailableException.class).isThrownBy(() -> client.get("/auth/me"));
		var result = new ToolResults(JsonMapper.builder().build()).run("whoami", (args) -> client.get("/auth/me"),
				Map.of());
		assertThat(result.isError()).isTrue();
		assertThat(result.content().toString()).contains("not authenticated with Deferno");
	}

	@Test
	void normalizedBaseUrlWhenTrailingSlashesThenStripped() {
		assertThat(new DefernoProperties("http://x/api//", "", Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 0,
				Duration.ZERO)
			.normalizedBaseUrl()).isEqualTo("http://x/api");
	}

	@Test
	void profileTtlWhenUnsetThenHalfAMinuteButNeverLongerThanAnIntrospectionAnswerIsTrusted() {
		DefernoProperties defaults = bind(Map.of(), "deferno", DefernoProperties.class);
		assertThat(defaults.profileTtl()).isEqualTo(Duration.ofSeconds(30));
		assertThat(DefernoClientConfig.profileTtl(defaults,
				bind(Map.of("mcp.security.cache.ceiling", "60s"), "mcp.security", McpSecurityProperties.class)))
			.isEqualTo(Duration.ofSeconds(30));
		assertThat(DefernoClientConfig.profileTtl(defaults,
				bind(Map.of("mcp.security.cache.ceiling", "10s"), "mcp.security", McpSecurityProperties.class)))
			.isEqualTo(Duration.ofSeconds(10));
	}

	private static <T> T bind(Map<String, String> properties, String prefix, Class<T> type) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate(prefix, type);
	}

}
