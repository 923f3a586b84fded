package com.defernowork.gateway.auth.ops;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The actuator: health and the Prometheus scrape are open (on the management port when {@code management.server.port}
 * is set, which the proxy never routes), every other endpoint is refused.
 */
@Configuration(proxyBeanMethods = false)
class ManagementSecurityConfig {

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SecurityFilterChain managementSecurityFilterChain(HttpSecurity http) throws Exception {
		// @formatter:off
		http
			.securityMatcher(EndpointRequest.toAnyEndpoint())
			.authorizeHttpRequests((authorize) -> authorize
				.requestMatchers(EndpointRequest.to("health", "prometheus")).permitAll()
				.anyRequest().denyAll())
			.csrf((csrf) -> csrf.disable())
			.requestCache((cache) -> cache.disable())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		// @formatter:on
		return http.build();
	}

}
