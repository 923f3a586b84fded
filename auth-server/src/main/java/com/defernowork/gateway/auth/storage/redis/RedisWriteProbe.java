package com.defernowork.gateway.auth.storage.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import io.lettuce.core.RedisCommandExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Writes one small key with an expiry and records whether Redis took it. Spring Boot's
 * {@code redis} health component asks Redis only for its version, which a replica, a
 * Redis at its memory limit, one that cannot save its snapshot or one whose ACL forbids
 * the write answer as gladly as a healthy primary, while every sign-in, token and
 * registration fails with 503. Logged once at ERROR when writes start being refused, at
 * INFO when they are taken again.
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

	/**
	 * @param keep how long the key stays: a few probe intervals
	 */
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
			this.redis.opsForValue().set(this.key, now.toString(), this.keep);
			write = new Write(Outcome.TAKEN, null, null, now);
		}
		catch (RuntimeException ex) {
			RedisCommandExecutionException refusal = RedisOutages.refusal(ex);
			write = (refusal != null)
					? new Write(Outcome.REFUSED, refusal.getMessage(), RedisOutages.whatToChange(refusal), now)
					: new Write(Outcome.UNREACHABLE, null, null, now);
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

	Write last() {
		return this.last.get();
	}

	enum Outcome {

		TAKEN, REFUSED, UNREACHABLE

	}

	/**
	 * One write's outcome.
	 *
	 * @param redisSays for a refusal, Redis's reply
	 * @param whatToChange for a refusal, what the operator changes
	 */
	record Write(Outcome outcome, String redisSays, String whatToChange, Instant at) {
	}

}
