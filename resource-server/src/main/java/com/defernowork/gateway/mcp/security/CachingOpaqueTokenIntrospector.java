package com.defernowork.gateway.mcp.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import com.defernowork.gateway.mcp.security.TokenAnswerCache.Timed;
import com.defernowork.gateway.model.exchange.IntrospectionClaims;
import com.defernowork.gateway.web.logging.RateLimitedWarning;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;

/**
 * Remembers introspection answers in-process so that a busy MCP session does not cost one
 * authorization-server round trip per call, and asks at most once at a time per token
 * ({@link TokenAnswerCache}); an active token in use is checked again in the background
 * past half its cache life, so revocation still shows within the ceiling. An active token
 * is kept no longer than its remaining life and the configured ceiling (the ceiling
 * bounds how long a revoked token keeps working); a refused token for the negative TTL; a
 * failure to get an answer for the short error TTL, so that a struggling authorization
 * server is not asked again by every retry.
 */
public final class CachingOpaqueTokenIntrospector implements OpaqueTokenIntrospector {

	private static final Logger logger = LoggerFactory.getLogger(CachingOpaqueTokenIntrospector.class);

	private final OpaqueTokenIntrospector delegate;

	private final McpSecurityProperties.Cache settings;

	private final Clock clock;

	private final TokenAnswerCache<Outcome> cache;

	private final AuthServerFailureLog failures;

	private final UnknownTokenBudget unknownTokens;

	/**
	 * The 429s of spent budgets: the filter answers them without a line, and a flood
	 * would be one per request.
	 */
	private final RateLimitedWarning spentBudgets;

	CachingOpaqueTokenIntrospector(OpaqueTokenIntrospector delegate, McpSecurityProperties.Cache settings,
			TokenAnswerCache<Outcome> cache, UnknownTokenBudget unknownTokens, Clock clock) {
		this.delegate = delegate;
		this.unknownTokens = unknownTokens;
		this.settings = settings;
		this.cache = cache;
		this.clock = clock;
		this.failures = new AuthServerFailureLog(logger, "Token introspection", clock);
		this.spentBudgets = new RateLimitedWarning(logger, clock);
	}

	@Override
	public OAuth2AuthenticatedPrincipal introspect(String token) {
		String network = this.unknownTokens.callerNetwork();
		Duration spent = (network != null) ? this.unknownTokens.spent(network) : null;
		if (spent != null && !this.cache.contains(token)) {
			this.spentBudgets.warn("Refused a token from " + network + " unasked (429): the authorization server "
					+ "refused " + this.unknownTokens.perMinute() + " of this network's tokens within a minute "
					+ "(MCP_SECURITY_UNKNOWN_TOKENS_PER_MINUTE), most likely made-up ones");
			throw new UnknownTokensRefused(spent);
		}
		Outcome outcome = this.cache.get(token, this::introspectNow)
			.orElseThrow(() -> new OAuth2IntrospectionException(
					"The authorization server did not answer the token check in time"));
		if (outcome.refusal() != null) {
			if (network != null && outcome.counted().compareAndSet(false, true)) {
				this.unknownTokens.refused(network);
			}
			throw new BadOpaqueTokenException(outcome.refusal());
		}
		if (outcome.failure() != null) {
			throw new OAuth2IntrospectionException(outcome.failure());
		}
		return outcome.principal();
	}

	/** Publishes the cache's hit, miss and eviction counts under {@code cacheName}. */
	public void bindMetrics(MeterRegistry registry, String cacheName) {
		this.cache.bindMetrics(registry, cacheName);
	}

	/**
	 * Forgets what is known about the token, e.g. after Deferno refused the grant behind
	 * it.
	 */
	public void invalidate(String token) {
		this.cache.invalidate(token);
	}

	private Timed<Outcome> introspectNow(String token) {
		try {
			OAuth2AuthenticatedPrincipal principal = this.delegate.introspect(token);
			return Timed.lasting(new Outcome(principal, null, null, new AtomicBoolean()), ttlFor(principal));
		}
		catch (BadOpaqueTokenException ex) {
			return Timed.expiring(new Outcome(null, ex.getMessage(), null, new AtomicBoolean()),
					this.settings.negativeTtl());
		}
		catch (RuntimeException ex) {
			this.failures.failed(ex);
			return Timed.failure(
					new Outcome(null, null, "The authorization server could not check the token", new AtomicBoolean()),
					this.settings.errorTtl());
		}
	}

	private Duration ttlFor(OAuth2AuthenticatedPrincipal principal) {
		Duration ceiling = this.settings.ceiling();
		Instant expiresAt = principal.getAttribute(IntrospectionClaims.EXP);
		if (expiresAt == null) {
			return ceiling;
		}
		Duration remaining = Duration.between(this.clock.instant(), expiresAt);
		if (remaining.isNegative()) {
			return Duration.ZERO;
		}
		return (remaining.compareTo(ceiling) < 0) ? remaining : ceiling;
	}

	/**
	 * One of: the principal, why the token was refused, or why it could not be checked;
	 * and whether a refusal was counted against a network's budget yet (at its first
	 * telling only).
	 */
	record Outcome(OAuth2AuthenticatedPrincipal principal, String refusal, String failure, AtomicBoolean counted) {
	}

}
