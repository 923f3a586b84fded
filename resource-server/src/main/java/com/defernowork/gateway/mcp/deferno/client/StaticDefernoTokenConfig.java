package com.defernowork.gateway.mcp.deferno.client;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Active only when {@code deferno.token} is set; otherwise the token-exchange source of
 * the security layer is.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${deferno.token:}'.isEmpty()")
class StaticDefernoTokenConfig {

	@Bean
	StaticDefernoTokenSource staticDefernoTokenSource(DefernoProperties properties) {
		return new StaticDefernoTokenSource(properties.token().strip());
	}

}
