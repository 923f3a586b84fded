package com.defernowork.gateway.auth.token;

import com.defernowork.gateway.auth.config.StaticClients;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.stereotype.Component;

/**
 * Makes the configured token lifetimes and format apply to clients registered before they
 * changed: each client authentication at the token endpoint hands the grant providers the
 * client with today's token settings, so a restart with another {@code AUTH_TOKEN_FORMAT}
 * or TTL takes effect for every stored registration.
 */
@Component
final class CurrentTokenSettings {

	private final ClientTokenSettings settings;

	CurrentTokenSettings(ClientTokenSettings settings) {
		this.settings = settings;
	}

	/** Wraps a client authentication provider. */
	public AuthenticationProvider decorate(AuthenticationProvider provider) {
		return new AuthenticationProvider() {

			@Override
			public Authentication authenticate(Authentication authentication) {
				return current(provider.authenticate(authentication));
			}

			@Override
			public boolean supports(Class<?> authentication) {
				return provider.supports(authentication);
			}

		};
	}

	private Authentication current(Authentication result) {
		if (!(result instanceof OAuth2ClientAuthenticationToken client) || client.getRegisteredClient() == null
				|| StaticClients.isStatic(client.getRegisteredClient())) {
			return result;
		}
		RegisteredClient current = RegisteredClient.from(client.getRegisteredClient())
			.tokenSettings(this.settings.build())
			.build();
		OAuth2ClientAuthenticationToken updated = new OAuth2ClientAuthenticationToken(current,
				client.getClientAuthenticationMethod(), client.getCredentials());
		updated.setDetails(client.getDetails());
		return updated;
	}

}
