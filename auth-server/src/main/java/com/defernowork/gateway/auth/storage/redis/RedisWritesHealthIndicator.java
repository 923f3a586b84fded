package com.defernowork.gateway.auth.storage.redis;

import java.time.Instant;
import java.util.SortedSet;

import com.defernowork.gateway.auth.storage.redis.RedisWriteProbe.Write;
import com.defernowork.gateway.web.health.RateLimitedProbe;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Whether Redis takes the auth server's writes ({@link RedisWriteProbe}). Refused is
 * DOWN: only the operator can fix it; unreachable UNKNOWN, as the {@code redis} component
 * says DOWN already. Eviction ({@link RedisEvictionPolicy}, {@link RedisEvictedKeys}) is
 * a detail and warning only: this server still serves.
 */
final class RedisWritesHealthIndicator implements HealthIndicator {

	/** A Cluster's {@code redis} says UP until a primary counts as failing. */
	static final String UNREACHABLE = "A test write did not reach Redis (on a Cluster: the primary of one of its "
			+ "slots); the redis component says DOWN once Redis counts it as failing";

	static final String EVICTING_POLICY = "Once Redis reaches its maxmemory this policy deletes keys, the auth "
			+ "server's grants, tokens and registered apps among them. Set maxmemory-policy noeviction: a full Redis "
			+ "then refuses writes, which this component reports, and deletes nothing";

	private final RateLimitedProbe<Write> probe;

	private final RedisEvictionPolicy policy;

	private final RedisEvictedKeys evicted;

	RedisWritesHealthIndicator(RateLimitedProbe<Write> probe, RedisEvictionPolicy policy, RedisEvictedKeys evicted) {
		this.probe = probe;
		this.policy = policy;
		this.evicted = evicted;
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
		health.withDetail("at", write.at().toString());
		SortedSet<String> evicting = this.policy.evicting();
		if (evicting != null && !evicting.isEmpty()) {
			health.withDetail("maxmemoryPolicy", String.join(", ", evicting));
		}
		Long count = this.evicted.count();
		if (count != null) {
			health.withDetail("evictedKeys", count);
		}
		Instant since = this.evicted.evictingSince();
		if (since != null) {
			health.withDetail("evictingSince", since.toString())
				.withDetail("warning", "Redis evicts keys to make room: " + RedisEvictedKeys.EVICTING + ". "
						+ RedisEvictedKeys.WHAT_TO_CHANGE);
		}
		else if (evicting != null && !evicting.isEmpty()) {
			health.withDetail("warning", EVICTING_POLICY);
		}
		return health.build();
	}

}
