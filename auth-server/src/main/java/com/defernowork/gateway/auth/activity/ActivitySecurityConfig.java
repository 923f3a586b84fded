package com.defernowork.gateway.auth.activity;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import com.defernowork.gateway.auth.clientsecret.ClientSecretEncoder;
import com.defernowork.gateway.auth.config.AuthProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The activity report endpoint takes HTTP Basic with the resource server's client
 * credentials, form-urlencoded as it sends them to the token and revocation endpoints,
 * and nothing else: no session, no CSRF (no browser involved).
 */
@Configuration(proxyBeanMethods = false)
class ActivitySecurityConfig {

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE + 5)
	SecurityFilterChain activitySecurityFilterChain(HttpSecurity http, AuthProperties properties,
			ClientSecretEncoder secretEncoder) throws Exception {
		// checked like the client's secret at the token endpoint: in constant time, and
		// in microseconds when long
		ResourceServerCredentials resourceServer = new ResourceServerCredentials(
				formEncoded(properties.rsClient().id()),
				secretEncoder.encode(formEncoded(properties.rsClient().secret())), secretEncoder);
		// @formatter:off
		http
			.securityMatcher(ActivityController.PATH)
			.authenticationManager(new ProviderManager(resourceServer))
			.authorizeHttpRequests((authorize) -> authorize.anyRequest().hasRole(ResourceServerCredentials.ROLE))
			.httpBasic((basic) -> { })
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		// @formatter:on
		return http.build();
	}

	/**
	 * As an OAuth client sends its credentials in HTTP Basic: form-urlencoded first (RFC
	 * 6749 §2.3.1).
	 */
	private static String formEncoded(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
