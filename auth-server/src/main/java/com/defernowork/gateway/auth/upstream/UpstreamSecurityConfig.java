package com.defernowork.gateway.auth.upstream;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;

/**
 * The gateway's own person-facing pages, the upstream sign-in ({@code /login…}) and {@code /connected-apps},
 * in a chain of their own ahead of the default one: sign-in is open, the apps page needs a signed-in person
 * (unauthenticated visitors are sent to {@code /login} and brought back), forms carry CSRF tokens and no page
 * may be framed.
 */
@Configuration(proxyBeanMethods = false)
class UpstreamSecurityConfig {

	static final String[] PATHS = { "/login", "/login/**", "/connected-apps", "/connected-apps/**" };

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE + 10)
	SecurityFilterChain upstreamPagesSecurityFilterChain(HttpSecurity http) throws Exception {
		// @formatter:off
		http
			.securityMatcher(PATHS)
			.authorizeHttpRequests((authorize) -> authorize
				.requestMatchers("/login", "/login/**").permitAll()
				.anyRequest().authenticated())
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/login")))
			.headers((headers) -> headers
				.frameOptions((frame) -> frame.deny())
				.contentSecurityPolicy((csp) -> csp.policyDirectives(ProductPageHeaders.CSP)));
		// @formatter:on
		return http.build();
	}

}
