package com.defernowork.gateway.mcp.server;

import java.util.EnumSet;

import jakarta.servlet.DispatcherType;
import tools.jackson.databind.node.ObjectNode;

import com.defernowork.gateway.web.container.ContainerErrorBody;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * What Tomcat refuses before /mcp sees it (an undecodable path, a malformed header) or
 * sends to its error page (a body it cannot read to its end, {@code TRACE}) is answered
 * as a JSON-RPC error without an id, like every other /mcp error: -32600, as nginx
 * answers the same requests, also for 501 (a transfer coding) and 505 (an HTTP version),
 * which the request asked for; -32603 only for the server's own failures.
 */
@Configuration(proxyBeanMethods = false)
class ContainerErrorsConfig {

	@Bean
	ContainerErrorBody jsonRpcContainerErrors() {
		return (status, description) -> error(status, description).toString();
	}

	@Bean
	FilterRegistrationBean<McpErrorPageFilter> mcpErrorPageFilter() {
		FilterRegistrationBean<McpErrorPageFilter> registration = new FilterRegistrationBean<>(
				new McpErrorPageFilter(McpServerConfig.ENDPOINT));
		registration.setDispatcherTypes(EnumSet.of(DispatcherType.ERROR));
		// ahead of Spring Security and of Boot's error controller
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
		return registration;
	}

	/** The JSON-RPC error for a status the container answers with. */
	static ObjectNode error(int status) {
		return error(status, ContainerErrorBody.describe(status));
	}

	private static ObjectNode error(int status, String description) {
		return JsonRpcErrors.error(null, ContainerErrorBody.isServerFailure(status) ? JsonRpcErrors.INTERNAL_ERROR
				: JsonRpcErrors.INVALID_REQUEST, description, null);
	}

}
