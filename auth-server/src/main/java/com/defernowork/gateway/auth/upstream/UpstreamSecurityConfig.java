package com.defernowork.gateway.auth.upstream;

import com.defernowork.gateway.auth.config.HtmlPages;
import com.defernowork.gateway.auth.session.CsrfTokenOnSignIn;
import com.defernowork.gateway.auth.session.ExpiredSignInPage;
import com.defernowork.gateway.auth.session.SessionCsrfTokens;
import com.defernowork.gateway.auth.session.SignInChecks;
import com.defernowork.gateway.auth.storage.KeyValueStore;
import com.defernowork.gateway.auth.user.DefernoAuthenticationToken;
import com.defernowork.gateway.auth.vault.TokenVault;
import com.defernowork.gateway.auth.web.PageMethods;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2LoginAuthenticationFilter;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

import static com.defernowork.gateway.auth.config.AuthorizationServerCustomizer.postProcessing;

/**
 * The gateway's own person-facing pages in a chain of their own ahead of the default one:
 * the upstream sign-in ({@code oauth2Login}: {@code /oauth2/authorization/<connector>}
 * out, {@code /login/callback} back) and {@code /connected-apps}, which needs a signed-in
 * person (visitors are sent to {@code /login} and brought back). No page may be framed,
 * nor send a referrer.
 */
@Configuration(proxyBeanMethods = false)
class UpstreamSecurityConfig {

	static final String CALLBACK_PATH = "/login/callback";

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE + 10)
	SecurityFilterChain upstreamPagesSecurityFilterChain(HttpSecurity http, OAuth2AuthorizationRequestResolver requests,
			DefernoSignIn signIn, SignInFailurePages failures, NoAuthorizedClients authorizedClients,
			SignInChecks signInChecks, ExpiredSignInPage expiredSignIn, TokenVault vault,
			OAuth2AuthorizationService authorizations, PageMethods pageMethods, KeyValueStore claims) throws Exception {
		SessionCsrfTokens csrfTokens = new SessionCsrfTokens();
		// @formatter:off
		http
			.securityMatcher("/login", "/login/**", "/oauth2/authorization/**", "/connected-apps", "/connected-apps/**",
					"/logout", "/signed-out")
			.authorizeHttpRequests((authorize) -> authorize
				.requestMatchers("/login", "/login/**", "/oauth2/authorization/**", "/signed-out").permitAll()
				// its page asks a signed-in person, and sends anyone else to /signed-out
				.requestMatchers(HttpMethod.GET, "/logout").permitAll()
				.anyRequest().authenticated())
			.oauth2Login((login) -> login
				.loginPage("/login")
				.loginProcessingUrl(CALLBACK_PATH)
				.authorizationEndpoint((authorization) -> authorization.authorizationRequestResolver(requests)
					.authorizationRequestRepository(new PendingSignIns(claims)))
				.authorizedClientRepository(authorizedClients)
				.successHandler(new BackToRequestingClient("/connected-apps"))
				.failureHandler(failures)
				.withObjectPostProcessor(postProcessing(OAuth2LoginAuthenticationFilter.class, (filter) -> {
					filter.setAuthenticationResultConverter(signIn);
					// any other method is SignInMethods' 405
					filter.setRequiresAuthenticationRequestMatcher(
							PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, CALLBACK_PATH));
				}))
				.withObjectPostProcessor(postProcessing(OAuth2AuthorizationRequestRedirectFilter.class,
						(filter) -> filter.setAuthenticationFailureHandler(failures))))
			// POST with the page's CSRF token; the session ends, and the Deferno token kept for
			// its approvals goes with it; the grants keep theirs
			.logout((logout) -> logout.logoutSuccessHandler(new SignOutDestination(authorizations, "/signed-out"))
				.addLogoutHandler((request, response, person) -> {
				if (person instanceof DefernoAuthenticationToken signedIn && signedIn.getUpstreamHandle() != null) {
					vault.deleteSignIn(signedIn.getUpstreamHandle());
				}
			}))
			.requestCache((cache) -> cache.requestCache(connectedAppsToComeBackTo()))
			.sessionManagement((sessions) -> sessions.addSessionAuthenticationStrategy(signInChecks))
			// the sign-in's start and callback act on GET alone: another method is told 405, not
			// that its page is out of date
			.csrf((csrf) -> csrf.csrfTokenRepository(csrfTokens)
				.sessionAuthenticationStrategy(new CsrfTokenOnSignIn(csrfTokens))
				.ignoringRequestMatchers(SignInMethods.START_PATH, CALLBACK_PATH))
			.addFilterBefore(pageMethods.filter(), CsrfFilter.class)
			// a disconnect posted after the session expired
			.exceptionHandling((exceptions) -> exceptions.accessDeniedHandler(expiredSignIn))
			.headers(HtmlPages.pageHeaders());
		// @formatter:on
		return http.build();
	}

	/**
	 * The one page here worth coming back to after sign-in (an authorization request is
	 * kept by the protocol chain): saving any other anonymous request would open a
	 * session for nothing, and a flood of them would fill the session store.
	 */
	private static RequestCache connectedAppsToComeBackTo() {
		HttpSessionRequestCache cache = new HttpSessionRequestCache();
		cache.setRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/connected-apps"));
		return cache;
	}

}
