package com.defernowork.gateway.mcp.security.exchange;

import java.time.Clock;

import com.defernowork.gateway.mcp.security.AuthServerHttp;
import com.defernowork.gateway.mcp.security.CachingOpaqueTokenIntrospector;
import com.defernowork.gateway.mcp.security.McpSecurityProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Deferno token comes from token exchange unless a fixed {@code deferno.token} is
 * configured (development and tests; the tool surface then provides a static source and a
 * Deferno 401 is a plain tool error).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${deferno.token:}'.isEmpty()")
class DefernoTokenExchangeConfig {

	@Bean
	AuthServerClient authServerClient(AuthServerHttp authServer, McpSecurityProperties properties) {
		return new AuthServerClient(authServer, properties);
	}

	@Bean
	ExchangingDefernoTokenSource exchangingDefernoTokenSource(AuthServerClient authServer,
			McpSecurityProperties properties, ObjectProvider<CachingOpaqueTokenIntrospector> introspector) {
		return new ExchangingDefernoTokenSource(authServer, properties.cache(),
				AuthServerHttp.answerCache(properties, "token-exchange-"), Clock.systemUTC(),
				(token) -> introspector.ifAvailable((cache) -> cache.invalidate(token)));
	}

	@Bean
	GrantRevokingUnauthorizedListener grantRevokingUnauthorizedListener(AuthServerClient authServer,
			ExchangingDefernoTokenSource tokenSource, ObjectProvider<CachingOpaqueTokenIntrospector> introspector) {
		return new GrantRevokingUnauthorizedListener(authServer, tokenSource, introspector);
	}

}
