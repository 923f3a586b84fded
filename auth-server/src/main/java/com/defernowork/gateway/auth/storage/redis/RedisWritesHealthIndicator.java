package com.defernowork.gateway.auth.storage.redis;

import com.defernowork.gateway.auth.storage.redis.RedisWriteProbe.Write;
import com.defernowork.gateway.web.health.RateLimitedProbe;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code redisWrites} health component: whether Redis takes the auth server's writes
 * ({@link RedisWriteProbe}), asked at most once per interval however often health is
 * read. Refused is DOWN: only the operator can fix it. Unreachable is UNKNOWN, as Spring
 * Boot's {@code redis} component already says DOWN for it.
 */
final class RedisWritesHealthIndicator implements HealthIndicator {

	/**
	 * On a Cluster the {@code redis} component can still say UP: the cluster has not
	 * counted a primary that stopped answering as failing yet.
	 */
	static final String UNREACHABLE = "A test write did not reach Redis (on a Cluster: the primary of one of its "
			+ "slots); the redis component says DOWN once Redis counts it as failing";

	private final RateLimitedProbe<Write> probe;

	RedisWritesHealthIndicator(RateLimitedProbe<Write> probe) {
		this.probe = probe;
	}

	@Override
	public Health health() {
		Write write = this.probe.latest();
		if (write == null) {
			return Health.unknown().withDetail("reason", "no write tried yet").build();
		}
		Health.Builder health = switch (write.outcome()) {
			case TAKEN -> Health.up();
			case REFUSED -> Health.down()
				.withDetail("reason", RedisWriteProbe.REFUSED)
				.withDetail("redisSays", write.redisSays())
				.withDetail("whatToChange", write.whatToChange());
			case UNREACHABLE ->
				Health.unknown().withDetail("reason", UNREACHABLE).withDetail("error", write.redisSays());
		};
		return health.withDetail("at", write.at().toString()).build();
	}

}
