package com.defernowork.gateway.mcp.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Tests of the tool surface run without the resource server's OAuth chain: this chain,
 * first in line, lets every request through, so the tests keep working whatever the real
 * chain does. Also records Deferno 401 reports.
 */
@TestConfiguration(proxyBeanMethods = false)
public class PermitAllSecurityConfig {

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SecurityFilterChain permitAllForToolTests(HttpSecurity http) throws Exception {
		http.securityMatcher("/**")
			.authorizeHttpRequests((authorize) -> authorize.anyRequest().permitAll())
			.csrf((csrf) -> csrf.disable());
		return http.build();
	}

	@Bean
	RecordingUnauthorizedListener recordingUnauthorizedListener() {
		return new RecordingUnauthorizedListener();
	}

}
