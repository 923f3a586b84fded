package com.defernowork.gateway.mcp.catalog;

import java.util.List;
import java.util.function.Supplier;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import com.defernowork.gateway.mcp.deferno.client.DefernoProperties;
import com.defernowork.gateway.web.settings.Settings;

import com.github.benmanes.caffeine.cache.Ticker;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.function.SingletonSupplier;

/**
 * The tool catalog: every {@link ToolProvider}'s tools and resources, and the scope each
 * one needs.
 */
@Configuration(proxyBeanMethods = false)
class CatalogConfig {

	/**
	 * Reads a request's fractions exactly: as a double, 10.0000000000000000000001 is 10,
	 * which an integer argument would take; the schema and {@link ToolArguments} see the
	 * number as sent.
	 */
	@Bean
	McpJsonMapper mcpJsonMapper(JsonMapper jsonMapper) {
		return new JacksonMcpJsonMapper(
				jsonMapper.rebuild().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build());
	}

	/**
	 * The person's share of the connections: their running calls, and the lanes their
	 * calls read several items at once with.
	 */
	@Bean
	PersonCallLimit personCallLimit(DefernoProperties deferno,
			@Value("${deferno.running-calls-per-person:3}") int runningPerPerson) {
		Settings.atLeast(1, runningPerPerson, "DEFERNO_RUNNING_CALLS_PER_PERSON (deferno.running-calls-per-person)");
		return new PersonCallLimit(deferno.maxCallsPerPerson(), runningPerPerson);
	}

	@Bean
	ToolResults toolResults(JsonMapper jsonMapper, ObjectProvider<ToolCallListener> listeners,
			DefernoProperties deferno, PersonCallLimit personCallLimit) {
		// looked up at the first call, not at every one: resolving beans cost about
		// 6 % of a cached tool call's CPU
		Supplier<List<ToolCallListener>> resolved = SingletonSupplier.of(() -> listeners.orderedStream().toList());
		ToolCallListener all = (tool, outcome, reason, answer, duration) -> resolved.get()
			.forEach((listener) -> listener.toolCalled(tool, outcome, reason, answer, duration));
		return new ToolResults(jsonMapper, all, personCallLimit,
				new PersonCallRate(deferno.callsPerMinute(), Ticker.systemTicker()), deferno.toolCallTimeout());
	}

	@Bean
	ToolFactory toolFactory(McpJsonMapper mcpJsonMapper, ToolResults toolResults) {
		return new ToolFactory(mcpJsonMapper, toolResults);
	}

	@Bean
	ToolCatalog toolCatalog(List<ToolProvider> providers, ToolResults toolResults) {
		return new ToolCatalog(providers, toolResults::guarded);
	}

	@Bean
	ToolScopes toolScopes(ToolCatalog toolCatalog) {
		return new CatalogToolScopes(toolCatalog);
	}

}
