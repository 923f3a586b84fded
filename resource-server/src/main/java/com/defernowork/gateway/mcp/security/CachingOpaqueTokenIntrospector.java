package com.defernowork.gateway.mcp.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.defernowork.gateway.model.exchange.IntrospectionClaims;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import com.github.benmanes.caffeine.cache.Expiry;

import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;

/**
 * Remembers introspection answers in-process so that a busy MCP session does not cost one authorization-server
 * round trip per call. An active token is kept no longer than its remaining life and the configured ceiling (the
 * ceiling bounds how long a revoked token keeps working); a refused token is kept for the short negative TTL.
 * Failures to reach the authorization server are not cached.
 */
public final class CachingOpaqueTokenIntrospector implements OpaqueTokenIntrospector {

	private final OpaqueTokenIntrospector delegate;

	private final Duration ceiling;

	private final Duration negativeTtl;

	private final Clock clock;

	private final Cache<String, Outcome> cache;

	CachingOpaqueTokenIntrospector(OpaqueTokenIntrospector delegate, McpSecurityProperties.Cache settings,
			Clock clock) {
		this.delegate = delegate;
		this.ceiling = settings.ceiling();
		this.negativeTtl = settings.negativeTtl();
		this.clock = clock;
		this.cache = Caffeine.newBuilder()
			.maximumSize(settings.maximumSize())
			.expireAfter(Expiry.creating((String key, Outcome outcome) -> outcome.ttl()))
			.recordStats()
			.build();
	}

	@Override
	public OAuth2AuthenticatedPrincipal introspect(String token) {
		Outcome outcome = this.cache.get(TokenKeys.of(token), (key) -> introspectNow(token));
		if (outcome.refusal() != null) {
			throw new BadOpaqueTokenException(outcome.refusal());
		}
		return outcome.principal();
	}

	/** Publishes the cache's hit, miss and eviction counts under {@code cacheName}. */
	public void bindMetrics(MeterRegistry registry, String cacheName) {
		CaffeineCacheMetrics.monitor(registry, this.cache, cacheName);
	}

	/** Forgets what is known about the token, e.g. after Deferno refused the grant behind it. */
	public void invalidate(String token) {
		this.cache.invalidate(TokenKeys.of(token));
	}

	private Outcome introspectNow(String token) {
		try {
			OAuth2AuthenticatedPrincipal principal = this.delegate.introspect(token);
			return new Outcome(principal, null, ttlFor(principal));
		}
		catch (BadOpaqueTokenException ex) {
			return new Outcome(null, ex.getMessage(), this.negativeTtl);
		}
	}

	private Duration ttlFor(OAuth2AuthenticatedPrincipal principal) {
		Instant expiresAt = principal.getAttribute(IntrospectionClaims.EXP);
		if (expiresAt == null) {
			return this.ceiling;
		}
		Duration remaining = Duration.between(this.clock.instant(), expiresAt);
		if (remaining.isNegative()) {
			return Duration.ZERO;
		}
		return (remaining.compareTo(this.ceiling) < 0) ? remaining : this.ceiling;
	}

	private record Outcome(OAuth2AuthenticatedPrincipal principal, String refusal, Duration ttl) {
	}

}
