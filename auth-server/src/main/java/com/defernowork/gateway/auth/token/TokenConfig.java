package com.defernowork.gateway.auth.token;

import com.defernowork.gateway.auth.config.AuthorizationServerCustomizer;
import com.defernowork.gateway.auth.storage.GrantLocks;
import com.defernowork.gateway.auth.storage.SigningKeys;
import com.defernowork.gateway.auth.vault.TokenVault;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceCodeAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2AccessTokenGenerator;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2DeviceCodeAuthenticationConverter;

/**
 * Tokens: opaque or JWT access tokens (per the client's token settings, i.e.
 * {@code auth.token-format}; JWTs as RFC 9068 has them, {@link AccessTokenProfile}) bound
 * to their resource, and refresh tokens for every client that may refresh, public ones
 * included. JWTs need the storage's {@link SigningKeys}; without one only opaque tokens
 * can be issued. The endpoints' other rules are customizers of their own
 * ({@link IntrospectionAccess}, ...).
 */
@Configuration(proxyBeanMethods = false)
class TokenConfig {

	@Bean
	IssuedTokens tokenGenerator(ObjectProvider<SigningKeys> signingKeys, ResourceBinding resourceBinding,
			TokenVault vault, ApplicationEventPublisher events) {
		OAuth2AccessTokenGenerator opaque = new OAuth2AccessTokenGenerator();
		opaque.setAccessTokenCustomizer((context) -> {
			resourceBinding.bind(context, context.getClaims()::claims);
			NotBeforeAllowance.allow(context, context.getClaims()::claims);
		});
		PublicClientRefreshTokenGenerator refresh = new PublicClientRefreshTokenGenerator(vault::marked);
		SigningKeys keys = signingKeys.getIfAvailable();
		if (keys == null) {
			return new IssuedTokens(new DelegatingOAuth2TokenGenerator(opaque, refresh), events);
		}
		JwtGenerator jwt = new JwtGenerator(new NimbusJwtEncoder(keys));
		AccessTokenProfile profile = new AccessTokenProfile();
		jwt.setJwtCustomizer((context) -> {
			resourceBinding.bind(context, context.getClaims()::claims);
			profile.customize(context);
			NotBeforeAllowance.allow(context, context.getClaims()::claims);
		});
		return new IssuedTokens(new DelegatingOAuth2TokenGenerator(jwt, opaque, refresh), events);
	}

	/**
	 * The rotation replaces the framework's refresh provider rather than preceding it:
	 * the provider manager would try the next provider after a refusal, and that one
	 * would rotate a busy grant without its lock; the code grant's provider is replaced
	 * by {@link CodeRedemption} (which runs the framework's provider per redemption) for
	 * the same reason. The device-code grant goes: there is no device authorization
	 * endpoint here, so it could only ever answer {@code invalid_grant}, where
	 * {@code unsupported_grant_type} says what is wrong. Every provider's refusal carries
	 * a description ({@link GrantErrors}).
	 */
	@Bean
	AuthorizationServerCustomizer tokenEndpointCustomizer(IssuedTokens tokenGenerator,
			RefreshTokenRotation refreshTokenRotation, OAuth2AuthorizationService authorizations, GrantLocks locks,
			ApplicationEventPublisher events) {
		return (authorizationServer) -> authorizationServer.tokenGenerator(tokenGenerator)
			.tokenEndpoint((token) -> token
				.accessTokenRequestConverters(
						(converters) -> converters.removeIf(OAuth2DeviceCodeAuthenticationConverter.class::isInstance))
				.authenticationProvider(refreshTokenRotation)
				.authenticationProviders((providers) -> {
					providers.removeIf((provider) -> provider instanceof OAuth2RefreshTokenAuthenticationProvider
							|| provider instanceof OAuth2DeviceCodeAuthenticationProvider);
					providers
						.replaceAll((provider) -> (provider instanceof OAuth2AuthorizationCodeAuthenticationProvider)
								? new CodeRedemption(authorizations, tokenGenerator, locks, events) : provider);
					providers.replaceAll(GrantErrors::new);
				})
				.accessTokenResponseHandler(tokenGenerator)
				.errorResponseHandler(new BusyGrantAnswer()));
	}

}
