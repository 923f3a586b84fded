package com.defernowork.gateway.mcp.mcp;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpTransportContextExtractor;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityValidator;
import org.springframework.ai.mcp.server.webmvc.transport.WebMvcStatelessServerTransport;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
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
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Stateless Streamable HTTP at {@code /mcp} (and {@code /mcp/}): POST only, every other method 405. A
 * {@link ServerTransportSecurityValidator} or {@link McpTransportContextExtractor} bean, when the security layer
 * provides one, is plugged into the transport.
 */
@Configuration(proxyBeanMethods = false)
class McpTransportConfig {

	static final String ENDPOINT = "/mcp";

	@Bean
	McpJsonMapper mcpJsonMapper(JsonMapper jsonMapper) {
		return new JacksonMcpJsonMapper(jsonMapper);
	}

	@Bean
	WebMvcStatelessServerTransport mcpTransport(McpJsonMapper mcpJsonMapper,
			ObjectProvider<ServerTransportSecurityValidator> securityValidator,
			ObjectProvider<McpTransportContextExtractor<ServerRequest>> contextExtractor) {
		return WebMvcStatelessServerTransport.builder()
			.jsonMapper(mcpJsonMapper)
			.messageEndpoint(ENDPOINT)
			.securityValidator(securityValidator.getIfAvailable(() -> ServerTransportSecurityValidator.NOOP))
			.contextExtractor(contextExtractor.getIfAvailable(() -> (request) -> McpTransportContext.EMPTY))
			.build();
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
