package com.defernowork.gateway.mcp.security.support;

import java.time.Clock;

import com.defernowork.gateway.mcp.deferno.client.DefernoAnswers;
import com.defernowork.gateway.mcp.deferno.client.DefernoProperties;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;

/**
 * The resource server's security layer alone (and its outgoing HTTP client and the
 * {@code authServer} health component the readiness group names, and the others), with a
 * stand-in MCP endpoint and tool-scope table: the tool surface is tested on its own. Each
 * test class imports this from a nested {@code @SpringBootConfiguration} (a test
 * configuration alone would make Spring Boot add the whole application); being a test
 * configuration, neither this nor those nested classes are picked up by the application's
 * component scan.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@ComponentScan(
		basePackages = { "com.defernowork.gateway.mcp.security", "com.defernowork.gateway.mcp.http",
				"com.defernowork.gateway.mcp.health" },
		excludeFilters = @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class))
@Import({ StandInMcpEndpoint.class, StandInToolScopes.class })
@EnableConfigurationProperties(DefernoProperties.class)
public class SecurityLayerTestConfig {

	/** For the {@code deferno} health component, which no call feeds here. */
	@Bean
	DefernoAnswers defernoAnswers() {
		return new DefernoAnswers(Clock.systemUTC());
	}

}
