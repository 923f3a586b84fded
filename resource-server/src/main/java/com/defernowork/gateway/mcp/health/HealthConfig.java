package com.defernowork.gateway.mcp.health;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;

import com.defernowork.gateway.mcp.health.IssuerProbe.Seen;
import com.defernowork.gateway.mcp.security.AuthServerAnswers;
import com.defernowork.gateway.mcp.security.AuthServerAnswers.Observation;
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

	/**
	 * How long a health read waits for the probe: well within an orchestrator's probe
	 * timeout (Kubernetes: 1 s by default), so a slow authorization server never fails
	 * this server's health by a timeout.
	 */
	static final Duration PROBE_WAIT = Duration.ofMillis(500);

	/** The component {@code authServer}. */
	@Bean
	AuthServerHealthIndicator authServerHealthIndicator(AuthServerHttp authServer, AuthServerAnswers answers,
			HealthProperties properties) {
		RateLimitedProbe<Observation> probe = new RateLimitedProbe<>(
				new CredentialsProbe(authServer.restClient(), answers), answers::last, Observation::at,
				properties.authServerInterval(), PROBE_WAIT,
				Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("auth-server-check").factory()),
				Clock.systemUTC());
		return new AuthServerHealthIndicator(probe, answers.clientId());
	}

	/** The component {@code authServerIssuer}. */
	@Bean
	IssuerHealthIndicator authServerIssuerHealthIndicator(RestClient.Builder builder, AuthServerHttp authServer,
			McpSecurityProperties security, HealthProperties properties) {
		IssuerProbe issuer = new IssuerProbe(
				builder.clone().requestFactory(authServer.requestFactory()).baseUrl(security.internalUrl()).build(),
				security.issuer(), Clock.systemUTC());
		RateLimitedProbe<Seen> probe = new RateLimitedProbe<>(issuer, issuer::last, Seen::at,
				properties.authServerInterval(), PROBE_WAIT,
				Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("auth-server-issuer-check").factory()),
				Clock.systemUTC());
		return new IssuerHealthIndicator(probe, issuer);
	}

}
