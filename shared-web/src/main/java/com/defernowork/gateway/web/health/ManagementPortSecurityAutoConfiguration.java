package com.defernowork.gateway.web.health;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.defernowork.gateway.web.container.ContainerErrorBody;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The management port of its own serves health and the Prometheus scrape to GET and HEAD,
 * and nothing else: Spring Boot puts the application's security chains on it too, where
 * they ran the sign-in flow (a session per request) or asked for a bearer token. Anything
 * else gets a JSON 404, or 405 for another method on those two.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(SecurityFilterChain.class)
@ConditionalOnManagementPort(ManagementPortType.DIFFERENT)
public class ManagementPortSecurityAutoConfiguration {

	private static final String SERVED = "GET, HEAD";

	@Bean
	ManagementPort managementPort() {
		return new ManagementPort();
	}

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SecurityFilterChain managementPortSecurityFilterChain(HttpSecurity http, ManagementPort port,
			ObjectProvider<ContainerErrorBody> body,
			@Value("${management.endpoints.web.base-path:/actuator}") String base) throws Exception {
		ContainerErrorBody json = body.getIfAvailable(() -> ContainerErrorBody::oauth);
		PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
		RequestMatcher endpoints = new OrRequestMatcher(paths.matcher(base + "/health"),
				paths.matcher(base + "/health/**"), paths.matcher(base + "/prometheus"));
		RequestMatcher read = (request) -> HttpMethod.GET.matches(request.getMethod())
				|| HttpMethod.HEAD.matches(request.getMethod());
		// @formatter:off
		http
			.securityMatcher(port)
			.authorizeHttpRequests((authorize) -> authorize
				.requestMatchers((request) -> endpoints.matches(request) && read.matches(request)).permitAll()
				.anyRequest().denyAll())
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint((request, response, ex) -> refuse(request, response, endpoints, json))
				.accessDeniedHandler((request, response, ex) -> refuse(request, response, endpoints, json)))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.csrf((csrf) -> csrf.disable());
		// @formatter:on
		return http.build();
	}

	private static void refuse(HttpServletRequest request, HttpServletResponse response, RequestMatcher endpoints,
			ContainerErrorBody json) throws IOException {
		int status = endpoints.matches(request) ? HttpServletResponse.SC_METHOD_NOT_ALLOWED
				: HttpServletResponse.SC_NOT_FOUND;
		if (status == HttpServletResponse.SC_METHOD_NOT_ALLOWED) {
			response.setHeader(HttpHeaders.ALLOW, SERVED);
		}
		response.setStatus(status);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getWriter().write(json.json(status));
	}

}
