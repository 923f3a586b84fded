package com.defernowork.gateway.auth.exchange;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;

import com.defernowork.gateway.auth.security.AuthorizationServerCustomizer;
import com.defernowork.gateway.auth.vault.TokenVault;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;

/** Adds the resource server's token exchange and grant revocation to the protocol endpoints. */
@Configuration(proxyBeanMethods = false)
class TokenExchangeConfig {

	@Bean
	AuthorizationServerCustomizer defernoTokenExchangeCustomizer(OAuth2AuthorizationService authorizations,
			TokenVault vault, Environment environment) {
		String rsClientId = resourceServerClientId(environment);
		List<String> resources = resources(environment);
		// @formatter:off
		return (authorizationServer) -> authorizationServer
			.tokenEndpoint((token) -> token
				.accessTokenRequestConverter(new DefernoTokenExchangeAuthenticationConverter())
				.authenticationProvider(new DefernoTokenExchangeAuthenticationProvider(authorizations, vault,
						rsClientId, resources, Clock.systemUTC())))
			.tokenRevocationEndpoint((revocation) -> revocation
				.authenticationProviders((providers) -> providers.add(0,
						new ResourceServerRevocationAuthenticationProvider(authorizations, rsClientId))));
		// @formatter:on
	}

	static String resourceServerClientId(Environment environment) {
		return environment.getProperty("auth.rs-client.id",
				environment.getProperty("RS_CLIENT_ID", "mcp-resource-server"));
	}

	/** {@code auth.resources} as a list or a comma-separated string (MCP_RESOURCES), like the rest of the server. */
	static List<String> resources(Environment environment) {
		List<String> bound = Binder.get(environment)
			.bind("auth.resources", Bindable.listOf(String.class))
			.orElseGet(() -> Arrays.asList(environment.getProperty("MCP_RESOURCES", "http://localhost:8001/mcp")
				.split(",")));
		return bound.stream().map(String::trim).filter((resource) -> !resource.isEmpty()).toList();
	}

}
