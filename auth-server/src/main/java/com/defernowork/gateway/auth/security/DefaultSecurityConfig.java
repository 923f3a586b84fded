package com.defernowork.gateway.auth.security;

import jakarta.servlet.http.HttpServletResponse;

import com.defernowork.gateway.auth.config.HtmlPages;
import com.defernowork.gateway.auth.session.ExpiredSignInPage;
import com.defernowork.gateway.auth.session.SessionCsrfTokens;
import com.defernowork.gateway.auth.web.PageMethods;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.DelegatingAuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * Everything that is not a protocol endpoint nor a sign-in page: the consent page,
 * metadata aliases, client registration and the static assets. There is no local password
 * login.
 */
@Configuration(proxyBeanMethods = false)
class DefaultSecurityConfig {

	/**
	 * No Micrometer observation of each security filter, authentication and
	 * authorization: on the client endpoints they cost more CPU than the check itself,
	 * and the HTTP server's own request observation still times every request.
	 */
	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	@Order(2)
	SecurityFilterChain defaultSecurityFilterChain(HttpSecurity http, ExpiredSignInPage expiredSignIn,
			PageMethods pageMethods) throws Exception {
		// @formatter:off
		http
			.authorizeHttpRequests((authorize) -> authorize
				// health and the Prometheus scrape (on the management port, which nginx never routes); no other endpoint
				.requestMatchers(EndpointRequest.to("health", "prometheus")).permitAll()
				.requestMatchers(EndpointRequest.toAnyEndpoint()).denyAll()
				// under /oauth2/ only clients call: registration, or a mistyped endpoint, which gets 404 rather than
				// a sign-in page it cannot use
				.requestMatchers("/assets/**", "/error", "/.well-known/**", "/oauth2/**").permitAll()
				.anyRequest().authenticated())
			// registration is an API for clients without a session: no CSRF token to present
			.csrf((csrf) -> csrf.csrfTokenRepository(new SessionCsrfTokens())
				.ignoringRequestMatchers("/oauth2/**", "/.well-known/**"))
			.addFilterBefore(pageMethods.filter(), CsrfFilter.class)
			.cors(Customizer.withDefaults())
			// nothing here to come back to after sign-in: saving the request would open a session for nothing
			.requestCache((cache) -> cache.requestCache(new NullRequestCache()))
			// a consent page without a sign-in was opened again after its session ended: start again from the app
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(DelegatingAuthenticationEntryPoint
				.builder()
				.addEntryPointFor(expiredSignIn, PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/consent"))
				// an actuator endpoint not exposed here is nothing served, not a page to sign in for
				.addEntryPointFor((request, response, denied) -> response.sendError(HttpServletResponse.SC_NOT_FOUND),
						new OrRequestMatcher(EndpointRequest.toAnyEndpoint(),
								PathPatternRequestMatcher.withDefaults().matcher("/actuator/**")))
				.defaultEntryPoint(new LoginUrlAuthenticationEntryPoint("/login"))
				.build()))
			.headers(HtmlPages.pageHeaders());
		// @formatter:on
		return http.build();
	}

}
