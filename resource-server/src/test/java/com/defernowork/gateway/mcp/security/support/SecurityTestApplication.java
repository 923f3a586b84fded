package com.defernowork.gateway.mcp.security.support;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;

/**
 * The resource server's security layer alone, with a stand-in MCP endpoint and tool-scope table: the tool
 * surface is tested on its own. A test configuration, so the full application's scan never picks it up.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@ComponentScan(basePackages = "com.defernowork.gateway.mcp.security",
		excludeFilters = @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class))
@Import({ StandInMcpEndpoint.class, StandInToolScopes.class })
public class SecurityTestApplication {

}
