package com.defernowork.gateway.auth.exchange;

import java.time.Clock;

import com.defernowork.gateway.auth.config.AuthProperties;
import com.defernowork.gateway.auth.config.AuthorizationServerCustomizer;
import com.defernowork.gateway.auth.config.AllowedResources;
import com.defernowork.gateway.auth.storage.GrantRemoval;
import com.defernowork.gateway.auth.vault.TokenVault;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;

/** Adds the resource server's token exchange to the token endpoint. */
@Configuration(proxyBeanMethods = false)
class TokenExchangeConfig {

	@Bean
	AuthorizationServerCustomizer defernoTokenExchangeCustomizer(OAuth2AuthorizationService authorizations,
			TokenVault vault, GrantRemoval removal, AuthProperties properties, AllowedResources resources) {
		String rsClientId = properties.rsClient().id();
		// @formatter:off
		return (authorizationServer) -> authorizationServer
			.tokenEndpoint((token) -> token
				.accessTokenRequestConverter(new DefernoTokenExchangeAuthenticationConverter())
				.authenticationProvider(new DefernoTokenExchangeAuthenticationProvider(authorizations, vault,
						removal, rsClientId, resources, Clock.systemUTC())));
		// @formatter:on
	}

}
