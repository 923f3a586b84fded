package com.defernowork.gateway.auth.security;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import com.defernowork.gateway.auth.config.AuthProperties;
import com.defernowork.gateway.auth.config.AuthorizationServerCustomizer;
import com.defernowork.gateway.auth.config.HtmlPages;
import com.defernowork.gateway.auth.session.ExpiredSignInPage;
import com.defernowork.gateway.auth.session.LapsedSignIns;
import com.defernowork.gateway.auth.session.SessionCsrfTokens;
import com.defernowork.gateway.auth.session.SessionProperties;
import com.defernowork.gateway.auth.session.SignInCheck;
import com.defernowork.gateway.auth.session.SignInChecks;
import com.defernowork.gateway.auth.storage.GrantLocks;
import com.defernowork.gateway.auth.storage.KeyValueStore;
import com.defernowork.gateway.auth.token.ClientAuthenticationFailure;
import com.defernowork.gateway.auth.vault.TokenVault;
import com.defernowork.gateway.web.HeadAsGet;
import com.defernowork.gateway.web.observe.ServedPathsObservationConvention;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.observation.ServerRequestObservationConvention;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.DelegatingAuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.CharacterEncodingFilter;

/**
 * The protocol endpoints (authorize, token, introspect, revoke, jwks, metadata) as the
 * framework builds them, with every feature's {@link AuthorizationServerCustomizer}
 * applied in order.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuthProperties.class)
class AuthorizationServerSecurityConfig {

	private static final OAuth2Error NO_CLIENT = new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT,
			"Client authentication failed: send client_id (public clients) or client credentials", null);

	/**
	 * Only the resource server's client may introspect: a public client_id is refused.
	 */
	private static final OAuth2Error NO_RESOURCE_SERVER = new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT,
			"Client authentication failed: introspection takes the resource server's client credentials "
					+ "(RS_CLIENT_ID and RS_CLIENT_SECRET, HTTP Basic)",
			null);

	@Bean
	@Order(1)
	SecurityFilterChain authorizationServerSecurityFilterChain(HttpSecurity http, AuthorizationServerSettings settings,
			LoginUrlAuthenticationEntryPoint signIn, ObjectProvider<AuthorizationServerCustomizer> customizers,
			ExpiredSignInPage expiredSignIn, TokenVault vault, OAuth2AuthorizationService authorizations,
			GrantLocks locks, KeyValueStore store, SignInCheck deferno, SignInChecks signInChecks,
			SessionProperties sessions) throws Exception {
		OAuth2AuthorizationServerConfigurer authorizationServer = new OAuth2AuthorizationServerConfigurer();
		PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
		RequestMatcher clientEndpoints = new OrRequestMatcher(
				Arrays.stream(ClientEndpointMethods.PATHS).map(paths::matcher).toList());
		// the framework's client authentication also covers the device authorization and
		// pushed authorization request endpoints, which are not offered here: left to the
		// next chain, they are 404 like any other path nothing serves, not a demand for
		// client credentials
		RequestMatcher notOffered = new OrRequestMatcher(paths.matcher(settings.getDeviceAuthorizationEndpoint()),
				paths.matcher(settings.getPushedAuthorizationRequestEndpoint()));
		// @formatter:off
		http
			.securityMatcher(new AndRequestMatcher(
					new OrRequestMatcher(authorizationServer.getEndpointsMatcher(), clientEndpoints),
					new NegatedRequestMatcher(notOffered)))
			.with(authorizationServer, (as) -> customizers.orderedStream().forEach((customizer) -> customizer.customize(as)))
			.authorizeHttpRequests((authorize) -> authorize
				// any method but POST is answered 405 by ClientEndpointMethods
				.requestMatchers(new AndRequestMatcher(clientEndpoints,
						new NegatedRequestMatcher(paths.matcher(HttpMethod.POST, "/**"))))
				.permitAll()
				.anyRequest().authenticated())
			.securityContext((context) -> context.securityContextRepository(new ClientEndpointsWithoutSessions(clientEndpoints)))
			.csrf((csrf) -> csrf.csrfTokenRepository(new SessionCsrfTokens()).ignoringRequestMatchers(clientEndpoints))
			// the framework exempts its endpoints from CSRF; the consent form's POST is checked by a filter of its own
			.addFilterAfter(ConsentSubmission.csrfFilter(expiredSignIn), CsrfFilter.class)
			// after it, in the order added: only a submission that passed its check waits for its turn
			.addFilterAfter(new ConsentTurns(authorizations, locks, store, vault), CsrfFilter.class)
			.addFilterAfter(new LapsedSignIns(vault, settings.getAuthorizationEndpoint(), sessions.signedInTimeout(),
					deferno, signInChecks), SecurityContextHolderFilter.class)
			.cors(Customizer.withDefaults())
			// only the browser-facing authorize endpoint sends people to sign in; every other endpoint is for clients:
			// reached without client authentication, it answers RFC 6749 §5.2 invalid_client with 401, so MCP clients
			// register again instead of following a redirect to a login page they cannot render
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(DelegatingAuthenticationEntryPoint
				.builder()
				.addEntryPointFor(signIn, paths.matcher(settings.getAuthorizationEndpoint()))
				.addEntryPointFor((request, response, ex) -> ClientAuthenticationFailure.write(response, NO_RESOURCE_SERVER),
						paths.matcher(settings.getTokenIntrospectionEndpoint()))
				.defaultEntryPoint((request, response, ex) -> ClientAuthenticationFailure.write(response, NO_CLIENT))
				.build()))
			.headers(HtmlPages.pageHeaders());
		// @formatter:on
		return http.build();
	}

	/**
	 * The endpoints filters answer, by their path in the request metrics: the protocol's,
	 * the metadata (and its OpenID alias), the sign-in callback and the sign-out.
	 */
	@Bean
	ServerRequestObservationConvention servedPathsObservationConvention(AuthorizationServerSettings settings) {
		return new ServedPathsObservationConvention(
				List.of(settings.getAuthorizationEndpoint(), settings.getTokenEndpoint(),
						settings.getTokenIntrospectionEndpoint(), settings.getTokenRevocationEndpoint(),
						settings.getJwkSetEndpoint(), "/.well-known/oauth-authorization-server",
						"/.well-known/openid-configuration", "/login/callback", "/logout",
						// pages and registration, when a filter answers ahead of their
						// controller (503 while Redis is down)
						"/oauth2/authorization/deferno", "/oauth2/authorization/oidc", "/login", "/consent",
						"/connected-apps", "/signed-out", "/oauth2/register"));
	}

	/**
	 * The framework writes the key set with a Content-Type of application/json and no
	 * charset, to which the container adds its default, ISO-8859-1: UTF-8 instead. Before
	 * the security filters, which write the key set.
	 */
	@Bean
	FilterRegistrationBean<CharacterEncodingFilter> jwksCharacterEncoding(AuthorizationServerSettings settings) {
		FilterRegistrationBean<CharacterEncodingFilter> registration = new FilterRegistrationBean<>(
				new CharacterEncodingFilter(StandardCharsets.UTF_8.name(), false, true));
		registration.addUrlPatterns(settings.getJwkSetEndpoint());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 12);
		return registration;
	}

	/** After the metadata's alias is re-addressed (HIGHEST_PRECEDENCE + 10). */
	@Bean
	FilterRegistrationBean<HeadAsGet> documentHeadRequests() {
		FilterRegistrationBean<HeadAsGet> registration = new FilterRegistrationBean<>(
				new HeadAsGet(ClientEndpointMethods.DOCUMENTS));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 11);
		return registration;
	}

}
