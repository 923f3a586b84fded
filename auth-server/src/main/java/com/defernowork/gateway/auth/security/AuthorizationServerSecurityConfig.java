package com.defernowork.gateway.auth.security;

import com.defernowork.gateway.auth.consent.RememberedConsent;
import com.defernowork.gateway.auth.token.CodeReplayRevocation;
import com.defernowork.gateway.auth.token.CurrentTokenSettings;
import com.defernowork.gateway.auth.token.IntrospectionAccess;
import com.defernowork.gateway.auth.token.PublicClientTokenAuthentication;
import com.defernowork.gateway.auth.token.RefreshTokenRevocation;
import com.defernowork.gateway.auth.token.RefreshTokenRotation;
import com.defernowork.gateway.auth.upstream.UpstreamSignInEntryPoint;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.DelegatingAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * The protocol endpoints (authorize, token, introspect, revoke, jwks, metadata). Every
 * {@link AuthorizationServerCustomizer} bean is applied after our own settings, in order.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuthProperties.class)
class AuthorizationServerSecurityConfig {

	@Bean
	@Order(1)
	SecurityFilterChain authorizationServerSecurityFilterChain(HttpSecurity http, OAuth2TokenGenerator<?> tokenGenerator,
			ServerMetadata serverMetadata, AuthorizationRequestRules requestRules, AuthorizationResponses responses,
			RememberedConsent rememberedConsent, PublicClientTokenAuthentication publicClientAuthentication,
			RefreshTokenRotation refreshTokenRotation, CodeReplayRevocation codeReplayRevocation,
			RefreshTokenRevocation refreshTokenRevocation, IntrospectionAccess introspectionAccess,
			CurrentTokenSettings currentTokenSettings, AuthorizationServerSettings settings,
			UpstreamSignInEntryPoint signIn, ObjectProvider<AuthorizationServerCustomizer> customizers)
			throws Exception {
		OAuth2AuthorizationServerConfigurer authorizationServer = new OAuth2AuthorizationServerConfigurer();
		// @formatter:off
		http
			.securityMatcher(authorizationServer.getEndpointsMatcher())
			.with(authorizationServer, (as) -> {
				as
					.tokenGenerator(tokenGenerator)
					.authorizationServerMetadataEndpoint((metadata) -> metadata
						.authorizationServerMetadataCustomizer(serverMetadata::customize))
					.clientAuthentication((clients) -> clients
						.authenticationConverter(publicClientAuthentication)
						.authenticationProviders((providers) -> {
							providers.addFirst(publicClientAuthentication);
							providers.replaceAll(currentTokenSettings::decorate);
						}))
					.authorizationEndpoint((authorize) -> authorize
						.consentPage("/consent")
						.authorizationRequestConverters(requestRules::wrapConverters)
						.authenticationProviders((providers) -> providers.forEach((provider) -> {
							if (provider instanceof OAuth2AuthorizationCodeRequestAuthenticationProvider codeRequest) {
								codeRequest.setAuthenticationValidator(requestRules);
								codeRequest.setAuthorizationConsentRequired(rememberedConsent);
							}
							if (provider instanceof OAuth2AuthorizationConsentAuthenticationProvider consent) {
								consent.setAuthorizationConsentCustomizer(rememberedConsent::remember);
							}
						}))
						.authorizationResponseHandler(responses::onSuccess)
						.errorResponseHandler(responses::onFailure))
					.tokenEndpoint((token) -> token
						.authenticationProviders((providers) -> providers.addFirst(refreshTokenRotation))
						.errorResponseHandler(codeReplayRevocation))
					.tokenIntrospectionEndpoint((introspect) -> introspect
						.introspectionRequestConverters((converters) -> converters.addFirst(introspectionAccess))
						.errorResponseHandler(introspectionAccess))
					.tokenRevocationEndpoint((revoke) -> revoke
						.authenticationProviders((providers) -> providers.addFirst(refreshTokenRevocation)));
				customizers.orderedStream().forEach((customizer) -> customizer.customize(as));
			})
			.authorizeHttpRequests((authorize) -> authorize.anyRequest().authenticated())
			// the framework exempts its endpoints from CSRF; the consent form's POST is checked by a filter of its own
			.addFilterAfter(ConsentSubmission.csrfFilter(), CsrfFilter.class)
			.cors(Customizer.withDefaults())
			// only the browser-facing authorize endpoint sends people to sign in; every other endpoint is for clients
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(DelegatingAuthenticationEntryPoint
				.builder()
				.addEntryPointFor(signIn,
						PathPatternRequestMatcher.withDefaults().matcher(settings.getAuthorizationEndpoint()))
				.defaultEntryPoint(new ClientAuthenticationEntryPoint())
				.build()))
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp.policyDirectives(PageHeaders.CONTENT_SECURITY_POLICY)));
		// @formatter:on
		return http.build();
	}

	@Bean
	AuthorizationServerSettings authorizationServerSettings(AuthProperties properties) {
		return AuthorizationServerSettings.builder().issuer(properties.issuer()).build();
	}

}
