package com.defernowork.gateway.auth.storage.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.cluster.SlotHash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisClusterNode;
import org.springframework.data.redis.connection.RedisClusterNode.SlotRange;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Writes one small key with an expiry and records whether Redis took it: Boot's
 * {@code redis} component asks only for the version, which a replica or a full Redis
 * answers as gladly as a healthy primary while every write fails. In a Cluster one key is
 * written to each primary, since one at its limit refuses only its own keys. Logged at
 * ERROR when writes start being refused, at INFO when they are taken again.
 */
final class RedisWriteProbe implements Runnable {

	static final String REFUSED = "Redis refuses the auth server's writes: sign-ins, tokens and registrations "
			+ "answer 503 until it takes them again";

	private static final Logger logger = LoggerFactory.getLogger(RedisWriteProbe.class);

	private final StringRedisTemplate redis;

	private final String key;

	private final Duration keep;

	private final Clock clock;

	private final AtomicReference<Write> last = new AtomicReference<>();

	RedisWriteProbe(StringRedisTemplate redis, RedisKeys keys, Duration keep, Clock clock) {
		this.redis = redis;
		this.key = keys.writeCheck();
		this.keep = keep;
		this.clock = clock;
	}

	@Override
	public void run() {
		Instant now = this.clock.instant();
		Write write;
		try {
			for (String key : keys()) {
				this.redis.opsForValue().set(key, now.toString(), this.keep);
			}
			write = new Write(Outcome.TAKEN, null, null, now);
		}
		catch (RuntimeException ex) {
			RedisCommandExecutionException refusal = RedisOutages.refusal(ex);
			write = (refusal != null)
					? new Write(Outcome.REFUSED, refusal.getMessage(), RedisOutages.whatToChange(refusal), now)
					: new Write(Outcome.UNREACHABLE, RedisOutages.describe(ex), null, now);
		}
		Write before = this.last.getAndSet(write);
		boolean refusedBefore = before != null && before.outcome() == Outcome.REFUSED;
		if (write.outcome() == Outcome.REFUSED && !refusedBefore) {
			logger.error("{}. Redis says \"{}\". {}.", REFUSED, write.redisSays(), write.whatToChange());
		}
		else if (write.outcome() == Outcome.TAKEN && refusedBefore) {
			logger.info("Redis takes the auth server's writes again");
		}
	}

	/** In a Redis Cluster one in a slot of each primary. */
	private List<String> keys() {
		if (!(this.redis.getConnectionFactory() instanceof LettuceConnectionFactory lettuce)
				|| !lettuce.isClusterAware()) {
			return List.of(this.key);
		}
		List<String> keys = new ArrayList<>();
		try (RedisClusterConnection cluster = lettuce.getClusterConnection()) {
			for (RedisClusterNode node : cluster.clusterGetNodes()) {
				if (node.isMaster() && !node.getSlotRange().getSlots().isEmpty()) {
					keys.add(keyIn(node.getSlotRange()));
				}
			}
		}
		return keys;
	}

	/** With the first hash tag that puts it in one of {@code slots}. */
	private String keyIn(SlotRange slots) {
		for (int tag = 0;; tag++) {
			String key = this.key + "{" + tag + "}";
			if (slots.contains(SlotHash.getSlot(key))) {
				return key;
			}
		}
	}

	Write last() {
		return this.last.get();
	}

	enum Outcome {

		TAKEN, REFUSED, UNREACHABLE

	}

	/**
	 * @param redisSays for a refusal, Redis's reply; else what the driver said
	 * @param whatToChange for a refusal only
	 */
	record Write(Outcome outcome, String redisSays, String whatToChange, Instant at) {
	}

}
