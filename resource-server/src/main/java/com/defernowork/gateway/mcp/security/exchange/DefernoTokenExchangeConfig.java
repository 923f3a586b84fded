package com.defernowork.gateway.mcp.security.exchange;

import java.time.Clock;

import com.defernowork.gateway.mcp.security.CachingOpaqueTokenIntrospector;
import com.defernowork.gateway.mcp.security.McpSecurityProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/**
 * The Deferno token comes from token exchange unless a fixed {@code deferno.token} is configured (development and
 * tests; the tool surface then provides a static source and a Deferno 401 is a plain tool error).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${deferno.token:}'.isEmpty()")
class DefernoTokenExchangeConfig {

	@Bean
	AuthServerClient authServerClient(RestClient.Builder builder, McpSecurityProperties properties) {
		return new AuthServerClient(builder, properties);
	}

	@Bean
	ExchangingDefernoTokenSource exchangingDefernoTokenSource(AuthServerClient authServer,
			McpSecurityProperties properties) {
		return new ExchangingDefernoTokenSource(authServer, properties.cache(), Clock.systemUTC());
	}

	@Bean
	GrantRevokingUnauthorizedListener grantRevokingUnauthorizedListener(AuthServerClient authServer,
			ExchangingDefernoTokenSource tokenSource, ObjectProvider<CachingOpaqueTokenIntrospector> introspector) {
		return new GrantRevokingUnauthorizedListener(authServer, tokenSource, introspector);
	}

}
