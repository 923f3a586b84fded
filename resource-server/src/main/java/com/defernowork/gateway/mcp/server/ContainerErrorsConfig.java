package com.defernowork.gateway.mcp.server;

import com.defernowork.gateway.web.container.ContainerErrorBody;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What Tomcat refuses before /mcp sees it (an undecodable path, a malformed header) is
 * answered as a JSON-RPC error without an id, like every other /mcp error.
 */
@Configuration(proxyBeanMethods = false)
class ContainerErrorsConfig {

	@Bean
	ContainerErrorBody jsonRpcContainerErrors() {
		return (status) -> JsonRpcErrors
			.error(null, (status >= 500) ? JsonRpcErrors.INTERNAL_ERROR : JsonRpcErrors.INVALID_REQUEST,
					ContainerErrorBody.describe(status), null)
			.toString();
	}

}
