package com.defernowork.gateway.auth.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * No Micrometer observation of each security filter, authentication and authorization: on
 * the client endpoints they cost more CPU than the check itself, and the HTTP server's
 * own request observation still times every request.
 */
@Configuration(proxyBeanMethods = false)
class SecurityObservationConfig {

	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

}
