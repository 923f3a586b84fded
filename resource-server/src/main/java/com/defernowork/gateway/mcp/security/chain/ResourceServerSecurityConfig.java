package com.defernowork.gateway.mcp.security.chain;

import java.util.HashSet;
import java.util.Set;

import com.defernowork.gateway.mcp.catalog.ToolCallListener;
import com.defernowork.gateway.mcp.catalog.ToolScopes;
import com.defernowork.gateway.mcp.security.AuthServerAnswers;
import com.defernowork.gateway.mcp.security.BearerChallenges;
import com.defernowork.gateway.mcp.security.CachingOpaqueTokenIntrospector;
import com.defernowork.gateway.mcp.security.ErrorBodies;
import com.defernowork.gateway.mcp.security.McpSecurityProperties;
import com.defernowork.gateway.mcp.security.scope.StepUpScopeFilter;
import com.defernowork.gateway.mcp.security.web.AuthServerUnavailableFilter;
import com.defernowork.gateway.mcp.security.web.HostOriginFilter;
import com.defernowork.gateway.mcp.security.web.HostOriginPolicy;
import com.defernowork.gateway.mcp.security.web.ReauthenticationResponseFilter;
import com.defernowork.gateway.model.scope.Scopes;
import com.defernowork.gateway.web.HeadAsGet;
import com.defernowork.gateway.web.ProtectiveHeaders;
import com.defernowork.gateway.web.observe.ServedPathsObservationConvention;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.server.observation.ServerRequestObservationConvention;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.resource.OAuth2ResourceServerConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.web.cors.CorsConfigurationSource;

/**
 * The one filter chain: metadata and health are public, everything else needs a valid
 * bearer token for this resource; failures are 401 {@code invalid_token} (never 400 or a
 * redirect), missing scopes 403 {@code insufficient_scope}. No sessions, no CSRF (bearer
 * tokens only, never cookies).
 */
@Configuration(proxyBeanMethods = false)
class ResourceServerSecurityConfig {

	static final String RESOURCE_NAME = "Deferno MCP gateway";

	/**
	 * The two addresses of {@code /mcp}'s metadata ({@link #unknownResourceMetadata}).
	 */
	private static final Set<String> METADATA_DOCUMENTS = Set.of(McpSecurityProperties.METADATA_PATH,
			McpSecurityProperties.METADATA_PATH + McpSecurityProperties.MCP_PATH);

	/**
	 * No Micrometer observation around each security filter, authentication and
	 * authorization: per request they cost more CPU than the cached token check itself,
	 * and the server-request observation (latency, trace context) already covers the
	 * whole request.
	 */
	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	/**
	 * The MCP endpoint (a servlet) and its metadata (a filter) by their path in the
	 * request metrics.
	 */
	@Bean
	ServerRequestObservationConvention servedPathsObservationConvention() {
		Set<String> paths = new HashSet<>(METADATA_DOCUMENTS);
		paths.add(McpSecurityProperties.MCP_PATH);
		// served alike, for a client configured with the slash
		paths.add(McpSecurityProperties.MCP_PATH + "/");
		return new ServedPathsObservationConvention(paths);
	}

	/**
	 * Host and Origin before anything else answers, after the forwarded headers
	 * (HIGHEST_PRECEDENCE) and Boot's server observation (+1, so that a refusal is
	 * measured): a foreign Origin is 403 whatever else is wrong with the request, and
	 * nothing of its body is read.
	 */
	@Bean
	FilterRegistrationBean<HostOriginFilter> hostOriginFilter(HostOriginPolicy policy,
			CorsConfigurationSource corsConfigurationSource) {
		FilterRegistrationBean<HostOriginFilter> registration = new FilterRegistrationBean<>(
				new HostOriginFilter(policy, corsConfigurationSource));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
		return registration;
	}

	/**
	 * {@code /error} is open so that failures the container forwards there are rendered;
	 * asked for directly there is no failure to show, and Boot's error controller would
	 * answer 500 (status 999). Direct requests (the registration's only dispatcher type)
	 * get 404; forwarded errors never pass this filter.
	 */
	@Bean
	FilterRegistrationBean<Filter> directErrorRequests(@Value("${server.error.path:/error}") String errorPath) {
		FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response,
				chain) -> ((HttpServletResponse) response).sendError(HttpServletResponse.SC_NOT_FOUND));
		registration.addUrlPatterns(errorPath);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
		return registration;
	}

	/**
	 * RFC 9728 §3.1: {@code /mcp}'s metadata is at the well-known path followed by
	 * {@code /mcp} (and, for older clients, at the well-known path itself). The
	 * framework's filter answers under any path, always naming {@code /mcp}, which a
	 * client must then discard as the wrong resource's; any other path names no resource
	 * here and gets a JSON 404 saying where the metadata is.
	 */
	@Bean
	FilterRegistrationBean<Filter> unknownResourceMetadata() {
		String metadata = McpSecurityProperties.METADATA_PATH;
		FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
			HttpServletRequest http = (HttpServletRequest) request;
			if (METADATA_DOCUMENTS.contains(http.getRequestURI().substring(http.getContextPath().length()))) {
				chain.doFilter(request, response);
			}
			else {
				// written here, before the security chain that would add its headers
				HttpServletResponse answer = (HttpServletResponse) response;
				ProtectiveHeaders.setOn(answer);
				ErrorBodies.write(answer, HttpServletResponse.SC_NOT_FOUND, null,
						"No protected resource is described at this path: " + McpSecurityProperties.MCP_PATH
								+ "'s metadata is at " + metadata + McpSecurityProperties.MCP_PATH);
			}
		});
		registration.addUrlPatterns(metadata + "/*");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
		return registration;
	}

	/** HEAD for the metadata, which the framework serves for GET only. */
	@Bean
	FilterRegistrationBean<HeadAsGet> metadataHeadRequests() {
		String metadata = McpSecurityProperties.METADATA_PATH;
		FilterRegistrationBean<HeadAsGet> registration = new FilterRegistrationBean<>(
				new HeadAsGet(METADATA_DOCUMENTS));
		registration.addUrlPatterns(metadata, metadata + "/*");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 4);
		return registration;
	}

	@Bean
	BearerChallenges bearerChallenges(McpSecurityProperties properties) {
		return new BearerChallenges(properties);
	}

	// @formatter:off
	@Bean
	SecurityFilterChain resourceServerFilterChain(HttpSecurity http, McpSecurityProperties properties,
			BearerChallenges challenges, ToolScopes toolScopes,
			ObjectProvider<CachingOpaqueTokenIntrospector> introspector, ObjectProvider<JwtDecoder> jwtDecoder,
			ObjectProvider<ToolCallListener> toolCalls, AuthServerAnswers authServerAnswers) {
		http
			.authorizeHttpRequests((authorize) -> authorize
				// health and the Prometheus scrape (on the management port, which nginx never routes); no other endpoint
				.requestMatchers(EndpointRequest.to("health", "prometheus")).permitAll()
				.requestMatchers(EndpointRequest.toAnyEndpoint()).denyAll()
				.requestMatchers("/error").permitAll()
				.requestMatchers(McpSecurityProperties.METADATA_PATH, McpSecurityProperties.METADATA_PATH + "/**").permitAll()
				.anyRequest().authenticated())
			.oauth2ResourceServer((resourceServer) -> {
				resourceServer
					.bearerTokenResolver(new HeaderOnlyBearerTokenResolver())
					.authenticationEntryPoint(new InvalidTokenEntryPoint(challenges))
					.protectedResourceMetadata((metadata) -> metadata
						.protectedResourceMetadataCustomizer((document) -> document
							.resource(properties.resource())
							.authorizationServers((servers) -> { servers.clear(); servers.add(properties.issuer()); })
							.scopes((scopes) -> { scopes.clear(); scopes.addAll(Scopes.all()); })
							.bearerMethods((methods) -> { methods.clear(); methods.add("header"); })
							.resourceName(RESOURCE_NAME)
							// tokens are plain bearer tokens: never claim certificate binding (RFC 9728 §2)
							.claims((claims) -> claims.remove("tls_client_certificate_bound_access_tokens"))));
				tokenValidation(resourceServer, introspector.getIfAvailable(), jwtDecoder.getIfAvailable());
			})
			// answered ahead of the chain (HostOriginFilter); Spring Security would add its
			// own for the CORS source bean and refuse a method the set-up does not allow
			// with a plain-text 403
			.cors((cors) -> cors.disable())
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(new InvalidTokenEntryPoint(challenges)))
			.addFilterBefore(new AuthServerUnavailableFilter(authServerAnswers), BearerTokenAuthenticationFilter.class)
			.addFilterAfter(new StepUpScopeFilter(toolScopes, challenges, (tool, outcome, reason, answer, duration) -> toolCalls
				.orderedStream().forEach((listener) -> listener.toolCalled(tool, outcome, reason, answer, duration))), AuthorizationFilter.class)
			.addFilterAfter(new ReauthenticationResponseFilter(challenges), StepUpScopeFilter.class);
		return http.build();
	}
	// @formatter:on

	private static void tokenValidation(OAuth2ResourceServerConfigurer<HttpSecurity> resourceServer,
			CachingOpaqueTokenIntrospector introspector, JwtDecoder jwtDecoder) {
		if (introspector != null) {
			resourceServer.opaqueToken((opaque) -> opaque.introspector(introspector));
		}
		else if (jwtDecoder != null) {
			resourceServer.jwt((jwt) -> jwt.decoder(jwtDecoder));
		}
		else {
			throw new IllegalStateException("mcp.security.token-format must be 'opaque' or 'jwt'");
		}
	}

}
