package com.defernowork.gateway.mcp.health;

import java.time.Clock;

import com.defernowork.gateway.mcp.deferno.client.DefernoAnswers;
import com.defernowork.gateway.mcp.deferno.client.DefernoAnswers.Observation;
import com.defernowork.gateway.mcp.deferno.client.DefernoProperties;
import com.defernowork.gateway.mcp.health.IssuerProbe.Seen;
import com.defernowork.gateway.mcp.http.OutboundHttp;
import com.defernowork.gateway.mcp.security.AuthServerAnswers;
import com.defernowork.gateway.mcp.security.AuthServerHttp;
import com.defernowork.gateway.mcp.security.McpSecurityProperties;
import com.defernowork.gateway.web.health.RateLimitedProbe;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/**
 * Health components of the resource server beyond Spring Boot's own; which groups take
 * them is in application.yml.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HealthProperties.class)
class HealthConfig {

	/** The component {@code authServer}. */
	@Bean
	AuthServerHealthIndicator authServerHealthIndicator(AuthServerHttp authServer, AuthServerAnswers answers,
			HealthProperties properties) {
		RateLimitedProbe<AuthServerAnswers.Observation> probe = RateLimitedProbe.onVirtualThread("auth-server-check",
				new CredentialsProbe(authServer.restClient(), answers), answers::last,
				AuthServerAnswers.Observation::at, properties.authServerInterval());
		return new AuthServerHealthIndicator(probe, answers.clientId());
	}

	/** The component {@code deferno}. */
	@Bean
	DefernoHealthIndicator defernoHealthIndicator(RestClient.Builder builder, OutboundHttp outboundHttp,
			DefernoProperties deferno, DefernoAnswers answers, HealthProperties properties) {
		// one connection of its own: a pool the tools fill up must not read as Deferno's
		// silence
		RestClient client = builder.clone()
			.requestFactory(outboundHttp.requestFactory(deferno.connectTimeout(), deferno.readTimeout(), 1))
			.build();
		RateLimitedProbe<Observation> probe = RateLimitedProbe.onVirtualThread("deferno-check",
				new DefernoProbe(client, deferno.healthUrl(), answers), answers::last, Observation::at,
				properties.defernoInterval());
		return new DefernoHealthIndicator(probe);
	}

	/** The component {@code authServerIssuer}. */
	@Bean
	IssuerHealthIndicator authServerIssuerHealthIndicator(RestClient.Builder builder, AuthServerHttp authServer,
			McpSecurityProperties security, HealthProperties properties) {
		IssuerProbe issuer = new IssuerProbe(
				builder.clone().requestFactory(authServer.requestFactory()).baseUrl(security.internalUrl()).build(),
				security.issuer(), Clock.systemUTC());
		RateLimitedProbe<Seen> probe = RateLimitedProbe.onVirtualThread("auth-server-issuer-check", issuer,
				issuer::last, Seen::at, properties.authServerInterval());
		return new IssuerHealthIndicator(probe, issuer);
	}

}
