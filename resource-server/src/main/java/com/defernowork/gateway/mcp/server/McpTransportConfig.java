package com.defernowork.gateway.mcp.server;

import io.modelcontextprotocol.json.McpJsonMapper;
import org.springframework.ai.mcp.server.webmvc.transport.WebMvcStatelessServerTransport;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Stateless Streamable HTTP at {@code /mcp} (and {@code /mcp/}): POST only, every other method 405.
 */
@Configuration(proxyBeanMethods = false)
class McpTransportConfig {

	static final String ENDPOINT = "/mcp";

	/** Host and Origin are checked by the security layer's filter before a request gets here. */
	@Bean
	WebMvcStatelessServerTransport mcpTransport(McpJsonMapper mcpJsonMapper) {
		return WebMvcStatelessServerTransport.builder().jsonMapper(mcpJsonMapper).messageEndpoint(ENDPOINT).build();
	}

	@Bean
	RouterFunction<ServerResponse> mcpRouterFunction(WebMvcStatelessServerTransport mcpTransport) {
		RouterFunction<ServerResponse> notPost = RouterFunctions.route(
				RequestPredicates.path(ENDPOINT).and(RequestPredicates.method(HttpMethod.POST).negate()),
				(request) -> ServerResponse.status(HttpStatus.METHOD_NOT_ALLOWED)
					.header(HttpHeaders.ALLOW, HttpMethod.POST.name())
					.build());
		return notPost.and(mcpTransport.getRouterFunction());
	}

	@Bean
	FilterRegistrationBean<McpTrailingSlashFilter> mcpTrailingSlashFilter() {
		FilterRegistrationBean<McpTrailingSlashFilter> registration = new FilterRegistrationBean<>(
				new McpTrailingSlashFilter(ENDPOINT));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

}
