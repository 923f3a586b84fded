package com.defernowork.gateway.mcp.security;

import java.time.Clock;
import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
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
import org.springframework.http.client.support.BasicAuthenticationInterceptor;
import org.springframework.security.oauth2.server.resource.introspection.SpringOpaqueTokenIntrospector;
import org.springframework.web.client.RestTemplate;

/**
 * How access tokens are validated, by {@code mcp.security.token-format}: introspection at the authorization server
 * (default, honours revocation within the cache ceiling) or local JWT validation against its JWKS.
 */
@Configuration(proxyBeanMethods = false)
class TokenValidationConfig {

	@Bean
	@ConditionalOnProperty(name = "mcp.security.token-format", havingValue = "opaque", matchIfMissing = true)
	CachingOpaqueTokenIntrospector cachingOpaqueTokenIntrospector(McpSecurityProperties properties) {
		RestTemplate rest = new RestTemplate(AuthServerHttp.requestFactory(properties));
		rest.getInterceptors().add(new BasicAuthenticationInterceptor(AuthServerHttp.basicCredential(properties.clientId()),
				AuthServerHttp.basicCredential(properties.clientSecret())));
		SpringOpaqueTokenIntrospector introspection = new SpringOpaqueTokenIntrospector(
				properties.authServerEndpoint("/oauth2/introspect"), rest);
		return new CachingOpaqueTokenIntrospector(
				new AudienceCheckingIntrospector(introspection, properties.resource()), properties.cache(),
				Clock.systemUTC());
	}

	@Bean
	@ConditionalOnProperty(name = "mcp.security.token-format", havingValue = "jwt")
	JwtDecoder jwtDecoder(McpSecurityProperties properties) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(properties.authServerEndpoint("/oauth2/jwks"))
			.restOperations(new RestTemplate(AuthServerHttp.requestFactory(properties)))
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
