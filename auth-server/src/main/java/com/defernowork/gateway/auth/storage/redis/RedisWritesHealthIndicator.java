package com.defernowork.gateway.auth.storage.redis;

import java.time.Instant;
import java.util.SortedSet;

import com.defernowork.gateway.auth.storage.redis.RedisWriteProbe.Write;
import com.defernowork.gateway.web.health.RateLimitedProbe;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code redisWrites} health component: whether Redis takes the auth server's writes
 * ({@link RedisWriteProbe}), asked at most once per interval however often health is
 * read. Refused is DOWN: only the operator can fix it. Unreachable is UNKNOWN, as Spring
 * Boot's {@code redis} component already says DOWN for it. Its details also say, as read
 * with the write, when Redis would evict keys once full ({@link RedisEvictionPolicy}) and
 * how many it has evicted ({@link RedisEvictedKeys}), with a warning while it does: this
 * server still serves, so the status stays as the write left it.
 */
final class RedisWritesHealthIndicator implements HealthIndicator {

	/**
	 * On a Cluster the {@code redis} component can still say UP: the cluster has not
	 * counted a primary that stopped answering as failing yet.
	 */
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
