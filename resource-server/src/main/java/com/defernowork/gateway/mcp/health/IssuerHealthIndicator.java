package com.defernowork.gateway.mcp.health;

import com.defernowork.gateway.mcp.health.IssuerProbe.Seen;
import com.defernowork.gateway.mcp.security.AuthServerAnswers;
import com.defernowork.gateway.web.health.RateLimitedProbe;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code authServerIssuer} health component: whether the authorization server names
 * itself by this server's {@code AUTH_ISSUER}. A mismatch is DOWN: no MCP client gets
 * past discovery, and only the operator can fix it. Metadata another service answers for
 * (a 404) is DOWN as well; metadata that cannot be read is UNKNOWN, as for
 * {@code authServer}.
 */
final class IssuerHealthIndicator implements HealthIndicator {

	static final String MISMATCH = "The authorization server names itself by another issuer than this server's "
			+ "AUTH_ISSUER, which MCP clients refuse (RFC 8414 section 3.3): set the same AUTH_ISSUER on both servers";

	private final RateLimitedProbe<Seen> probe;

	private final IssuerProbe issuer;

	IssuerHealthIndicator(RateLimitedProbe<Seen> probe, IssuerProbe issuer) {
		this.probe = probe;
		this.issuer = issuer;
	}

	@Override
	public Health health() {
		Seen seen = this.probe.latest();
		if (seen == null) {
			return Health.unknown().withDetail("reason", AuthServerHealthIndicator.NOT_YET).build();
		}
		if (seen.misdirected()) {
			return Health.down()
				.withDetail("reason", AuthServerAnswers.misdirected("AUTH_INTERNAL_URL", seen.problem()))
				.withDetail("lastAnswer", seen.problem())
				.withDetail("at", seen.at().toString())
				.build();
		}
		if (seen.issuer() == null) {
			return Health.unknown()
				.withDetail("reason", AuthServerHealthIndicator.UNAVAILABLE)
				.withDetail("lastAnswer", seen.problem())
				.withDetail("at", seen.at().toString())
				.build();
		}
		Health.Builder health = this.issuer.agrees(seen) ? Health.up() : Health.down().withDetail("reason", MISMATCH);
		return health.withDetail("authIssuer", this.issuer.configured())
			.withDetail("authServerSays", seen.issuer())
			.withDetail("at", seen.at().toString())
			.build();
	}

}
