package com.defernowork.gateway.auth.authorize;

import com.defernowork.gateway.auth.config.AuthorizationServerCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;

import static com.defernowork.gateway.auth.config.AuthorizationServerCustomizer.postProcessing;

/** The authorization endpoint: our request rules, and responses that always carry {@code iss}. */
@Configuration(proxyBeanMethods = false)
class AuthorizeEndpointConfig {

	@Bean
	AuthorizationServerCustomizer authorizationEndpointCustomizer(AuthorizationRequestRules rules,
			AuthorizationResponses responses) {
		// @formatter:off
		return (authorizationServer) -> authorizationServer
			.withObjectPostProcessor(postProcessing(OAuth2AuthorizationCodeRequestAuthenticationProvider.class,
					(provider) -> provider.setAuthenticationValidator(rules)))
			.authorizationEndpoint((authorize) -> authorize
				.authorizationRequestConverters(rules::wrapConverters)
				.authorizationResponseHandler(responses::onSuccess)
				.errorResponseHandler(responses::onFailure));
		// @formatter:on
	}

}
