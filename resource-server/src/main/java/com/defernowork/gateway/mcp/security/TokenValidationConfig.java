package com.defernowork.gateway.mcp.security;

import java.time.Clock;

import com.github.benmanes.caffeine.cache.Ticker;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.introspection.RestClientOpaqueTokenIntrospector;
import org.springframework.web.client.RestClient;

import com.defernowork.gateway.mcp.http.OutboundHttp;

/**
 * How access tokens are validated, by {@code mcp.security.token-format}: introspection at
 * the authorization server (default, honours revocation within the cache ceiling) or
 * local JWT validation against its JWKS ({@link AccessTokenProfile}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(McpSecurityProperties.class)
class TokenValidationConfig {

	@Bean
	AuthServerAnswers authServerAnswers(McpSecurityProperties properties) {
		return new AuthServerAnswers(properties.clientId(), Clock.systemUTC());
	}

	@Bean
	AuthServerHttp authServerHttp(RestClient.Builder builder, OutboundHttp outboundHttp,
			McpSecurityProperties properties, AuthServerAnswers answers) {
		return new AuthServerHttp(builder, outboundHttp.requestFactory(properties.connectTimeout(),
				properties.readTimeout(), properties.maxConnections()), properties, answers);
	}

	@Bean
	@Conditional(TokenFormatChoice.Opaque.class)
	CachingOpaqueTokenIntrospector cachingOpaqueTokenIntrospector(AuthServerHttp authServer,
			McpSecurityProperties properties) {
		RestClientOpaqueTokenIntrospector introspection = new RestClientOpaqueTokenIntrospector(
				properties.authServerEndpoint("/oauth2/introspect"), authServer.restClient());
		return new CachingOpaqueTokenIntrospector(
				new AudienceCheckingIntrospector(introspection, properties.resource(), Clock.systemUTC()),
				properties.cache(), AuthServerHttp.answerCache(properties, "introspection-"),
				new UnknownTokenBudget(properties.unknownTokensPerMinute(), Ticker.systemTicker()), Clock.systemUTC());
	}

	@Bean
	@Conditional(TokenFormatChoice.Jwt.class)
	AuthServerKeys authServerKeys(AuthServerHttp authServer, McpSecurityProperties properties) {
		return new AuthServerKeys(properties.authServerEndpoint("/oauth2/jwks"), authServer.requestFactory(),
				AuthServerKeys.Timing.standard(properties.checkTimeout()));
	}

	@Bean
	@Conditional(TokenFormatChoice.Jwt.class)
	JwtDecoder jwtDecoder(AuthServerKeys keys, McpSecurityProperties properties) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(keys)
			// no typ check here (Spring's default for a key source, stated in case that
			// changes): the profile checks typ, and Nimbus's default check refuses at+jwt
			.jwtProcessorCustomizer((processor) -> processor.setJWSTypeVerifier((type, context) -> {
			}))
			.build();
		decoder.setJwtValidator(AccessTokenProfile.validator(properties.issuer(), properties.resource(),
				properties.acceptUntypedJwt()));
		return new NotAJwtWarning(decoder, Clock.systemUTC());
	}

}
