package com.defernowork.gateway.mcp.security;

import java.time.Clock;
import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.introspection.RestClientOpaqueTokenIntrospector;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

import com.defernowork.gateway.mcp.http.OutboundHttp;

/**
 * How access tokens are validated, by {@code mcp.security.token-format}: introspection at
 * the authorization server (default, honours revocation within the cache ceiling) or
 * local JWT validation against its JWKS.
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
	@ConditionalOnProperty(name = "mcp.security.token-format", havingValue = "opaque", matchIfMissing = true)
	CachingOpaqueTokenIntrospector cachingOpaqueTokenIntrospector(AuthServerHttp authServer,
			McpSecurityProperties properties) {
		RestClientOpaqueTokenIntrospector introspection = new RestClientOpaqueTokenIntrospector(
				properties.authServerEndpoint("/oauth2/introspect"), authServer.restClient());
		return new CachingOpaqueTokenIntrospector(
				new AudienceCheckingIntrospector(introspection, properties.resource(), Clock.systemUTC()),
				properties.cache(), AuthServerHttp.answerCache(properties, "introspection-"), Clock.systemUTC());
	}

	@Bean
	@ConditionalOnProperty(name = "mcp.security.token-format", havingValue = "jwt")
	JwtDecoder jwtDecoder(AuthServerHttp authServer, McpSecurityProperties properties) {
		// NimbusJwtDecoder takes only RestOperations: a RestTemplate over the same
		// HttpClient 5 connections
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(properties.authServerEndpoint("/oauth2/jwks"))
			.restOperations(new RestTemplate(authServer.requestFactory()))
			.build();
		decoder.setJwtValidator(jwtValidator(properties));
		return decoder;
	}

	static OAuth2TokenValidator<Jwt> jwtValidator(McpSecurityProperties properties) {
		OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
				(aud) -> aud != null && aud.contains(properties.resource()));
		return new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(properties.issuer()),
				audience);
	}

}
