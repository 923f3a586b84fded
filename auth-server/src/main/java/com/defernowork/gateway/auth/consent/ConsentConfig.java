package com.defernowork.gateway.auth.consent;

import com.defernowork.gateway.auth.config.AuthorizationServerCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationProvider;

import static com.defernowork.gateway.auth.config.AuthorizationServerCustomizer.postProcessing;

/** Our consent page, and the remembered consent that decides when it is shown. */
@Configuration(proxyBeanMethods = false)
class ConsentConfig {

	@Bean
	AuthorizationServerCustomizer consentCustomizer(RememberedConsent rememberedConsent) {
		// @formatter:off
		return (authorizationServer) -> authorizationServer
			.withObjectPostProcessor(postProcessing(OAuth2AuthorizationCodeRequestAuthenticationProvider.class,
					(provider) -> provider.setAuthorizationConsentRequired(rememberedConsent)))
			.withObjectPostProcessor(postProcessing(OAuth2AuthorizationConsentAuthenticationProvider.class,
					(provider) -> provider.setAuthorizationConsentCustomizer(rememberedConsent::remember)))
			.authorizationEndpoint((authorize) -> authorize.consentPage(ConsentController.PATH));
		// @formatter:on
	}

}
