package com.defernowork.gateway.mcp.security.support;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;

/**
 * The resource server's security layer alone (and its outgoing HTTP client and the
 * {@code authServer} health component the readiness group names), with a stand-in MCP
 * endpoint and tool-scope table: the tool surface is tested on its own. Each test class
 * imports this from a nested {@code @SpringBootConfiguration} (a test configuration alone
 * would make Spring Boot add the whole application); being a test configuration, neither
 * this nor those nested classes are picked up by the application's component scan.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@ComponentScan(
		basePackages = { "com.defernowork.gateway.mcp.security", "com.defernowork.gateway.mcp.http",
				"com.defernowork.gateway.mcp.health" },
		excludeFilters = @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class))
@Import({ StandInMcpEndpoint.class, StandInToolScopes.class })
public class SecurityLayerTestConfig {

}
