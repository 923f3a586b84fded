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
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
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
		InMemoryUserDetailsManager resourceServer = new InMemoryUserDetailsManager(
				User.withUsername(formEncoded(properties.rsClient().id()))
					.password(secretEncoder.encode(formEncoded(properties.rsClient().secret())))
					.roles("RESOURCE_SERVER")
					.build());
		DaoAuthenticationProvider provider = new DaoAuthenticationProvider(resourceServer);
		provider.setPasswordEncoder(secretEncoder);
		// @formatter:off
		http
			.securityMatcher(ActivityController.PATH)
			.authenticationManager(new ProviderManager(provider))
			.authorizeHttpRequests((authorize) -> authorize.anyRequest().hasRole("RESOURCE_SERVER"))
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
