package com.defernowork.gateway.mcp.deferno.client;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.web.client.RestClient;

import com.defernowork.gateway.mcp.catalog.ToolResults;
import com.defernowork.gateway.mcp.http.OutboundHttp;
import com.defernowork.gateway.mcp.security.McpSecurityProperties;
import com.defernowork.gateway.testsupport.FreePorts;

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
		var result = new ToolResults(JsonMapper.builder().build()).run("whoami", true, (args) -> client.get("/auth/me"),
				Map.of());
		assertThat(result.isError()).isTrue();
		assertThat(result.content().toString()).contains("not authenticated with Deferno");
	}

	@Test
	void writeWhenNoConnectionCanBeOpenedThenSaysNothingWasApplied() {
		DefernoClient client = clientOf("http://127.0.0.1:" + FreePorts.next() + "/api");
		assertThatExceptionOfType(DefernoApiException.class)
			.isThrownBy(() -> client.post("/items/plan/add", Map.of("task_id", "x")))
			.withMessage("Deferno API error 502: Deferno is unreachable; the change was not sent, so nothing was "
					+ "applied; try again later");
	}

	@Test
	void normalizedBaseUrlWhenTrailingSlashesThenStripped() {
		assertThat(new DefernoProperties("http://x/api//", "", Duration.ZERO, Duration.ZERO, 1, 0, Duration.ZERO)
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

	/** A client over the server's own HTTP stack, signed in with a fixed token. */
	private static DefernoClient clientOf(String baseUrl) {
		DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
		beans.registerSingleton("tokens", (DefernoTokenSource) () -> "test-token");
		DefernoProperties properties = new DefernoProperties(baseUrl, "", Duration.ofSeconds(1), Duration.ofSeconds(1),
				2, 0, Duration.ZERO);
		RestClient restClient = RestClient.builder()
			.requestFactory(new OutboundHttp(HttpClientSettings.defaults()).requestFactory(properties.connectTimeout(),
					properties.readTimeout(), properties.maxConnections()))
			.build();
		return new DefernoClient(restClient, properties, JsonMapper.builder().build(),
				beans.getBeanProvider(DefernoTokenSource.class),
				beans.getBeanProvider(DefernoUnauthorizedListener.class));
	}

	private static <T> T bind(Map<String, String> properties, String prefix, Class<T> type) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate(prefix, type);
	}

}
