package com.defernowork.gateway.mcp.health;

import com.defernowork.gateway.mcp.security.AuthServerAnswers;
import com.defernowork.gateway.mcp.security.AuthServerAnswers.Observation;
import com.defernowork.gateway.web.health.RateLimitedProbe;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code authServer} health component: whether the authorization server takes this
 * server's client credentials, without which no MCP request can succeed. Refused
 * credentials, and another service answering at {@code AUTH_INTERNAL_URL}, are DOWN: a
 * configuration mistake that only the operator can fix. An unreachable authorization
 * server is UNKNOWN, which leaves the overall status UP: it is another service's outage,
 * the MCP client gets 503 with {@code Retry-After} meanwhile, and restarting or unrouting
 * this server would not help.
 */
final class AuthServerHealthIndicator implements HealthIndicator {

	static final String REFUSED = "The authorization server refuses this server's client credentials, so MCP "
			+ "requests fail (with opaque tokens each is answered 503; with JWTs each tool call needing Deferno "
			+ "returns an error): RS_CLIENT_ID and RS_CLIENT_SECRET must be the same here and at the authorization "
			+ "server";

	static final String UNAVAILABLE = "The authorization server is unavailable: it did not answer (check "
			+ "AUTH_INTERNAL_URL), or answered with a server error such as 503 while its Redis is down (see its "
			+ "health), or asked to wait (429); lastAnswer says which. Until it serves again, requests with a token this server has not checked recently "
			+ "are answered 503 with Retry-After, and tool calls that need a Deferno token say to try again shortly";

	static final String NOT_YET = "No answer from the authorization server yet";

	private final RateLimitedProbe<Observation> probe;

	private final String clientId;

	AuthServerHealthIndicator(RateLimitedProbe<Observation> probe, String clientId) {
		this.probe = probe;
		this.clientId = clientId;
	}

	@Override
	public Health health() {
		Observation latest = this.probe.latest();
		if (latest == null) {
			return Health.unknown().withDetail("reason", NOT_YET).build();
		}
		Health.Builder health = switch (latest.answer()) {
			case ACCEPTED -> Health.up();
			case REFUSED -> Health.down().withDetail("reason", REFUSED);
			case UNAVAILABLE -> Health.unknown().withDetail("reason", UNAVAILABLE);
			case MISDIRECTED ->
				Health.down().withDetail("reason", AuthServerAnswers.misdirected("AUTH_INTERNAL_URL", latest.cause()));
		};
		return health.withDetail("clientId", this.clientId)
			.withDetail("lastAnswer", latest.cause())
			.withDetail("at", latest.at().toString())
			.build();
	}

}
