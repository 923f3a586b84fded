package com.defernowork.gateway.mcp.health;

import com.defernowork.gateway.mcp.deferno.client.DefernoAnswers.Observation;
import com.defernowork.gateway.web.health.RateLimitedProbe;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code deferno} health component: whether Deferno answered the latest request this
 * server sent it. Never DOWN and in no group: a Deferno outage is another service's,
 * restarting or unrouting this server would not help, and meanwhile each tool call tells
 * the agent what happened. It is here so that the operator sees it beside the rest.
 */
final class DefernoHealthIndicator implements HealthIndicator {

	static final String UNAVAILABLE = "Deferno did not answer, or answered with a server error; lastAnswer says "
			+ "which. Tool calls tell the agent to try again later until it serves again (check DEFERNO_BASE_URL, "
			+ "and Deferno itself)";

	static final String NOT_YET = "No answer from Deferno yet";

	private final RateLimitedProbe<Observation> probe;

	DefernoHealthIndicator(RateLimitedProbe<Observation> probe) {
		this.probe = probe;
	}

	@Override
	public Health health() {
		Observation latest = this.probe.latest();
		if (latest == null) {
			return Health.unknown().withDetail("reason", NOT_YET).build();
		}
		Health.Builder health = latest.serving() ? Health.up() : Health.unknown().withDetail("reason", UNAVAILABLE);
		return health.withDetail("lastAnswer", latest.cause()).withDetail("at", latest.at().toString()).build();
	}

}
