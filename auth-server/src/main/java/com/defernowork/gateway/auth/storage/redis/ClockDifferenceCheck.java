package com.defernowork.gateway.auth.storage.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Says when this server's clock and Redis's, the one every auth server shares, differ by
 * more than {@link #ALLOWED}: a code, sign-in or refresh grace one server opens and
 * another checks is shortened by the difference, and nothing else would show it. WARN
 * when it first exceeds it, INFO when back within.
 */
final class ClockDifferenceCheck implements Runnable {

	static final Duration ALLOWED = Duration.ofSeconds(5);

	private static final Logger logger = LoggerFactory.getLogger(ClockDifferenceCheck.class);

	private final StringRedisTemplate redis;

	private final Clock clock;

	private final AtomicBoolean beyond = new AtomicBoolean();

	ClockDifferenceCheck(StringRedisTemplate redis, Clock clock) {
		this.redis = redis;
		this.clock = clock;
	}

	@Override
	public void run() {
		Duration ahead;
		try {
			ahead = aheadOfRedis();
		}
		catch (RuntimeException ex) {
			// Redis's own trouble is the write check's to report
			return;
		}
		boolean now = ahead.abs().compareTo(ALLOWED) > 0;
		if (now && !this.beyond.getAndSet(true)) {
			logger.warn("This auth server's clock is {} Redis's: keep the servers' clocks in sync (NTP); an "
					+ "authorization code, a sign-in or a refresh grace that another auth server opened is shortened "
					+ "or lengthened by the difference, and beyond a minute a server behind refuses a new token from "
					+ "one ahead until its clock reaches the token's issue", describe(ahead));
		}
		else if (!now && this.beyond.getAndSet(false)) {
			logger.info("This auth server's clock is within {} s of Redis's again ({})", ALLOWED.toSeconds(),
					describe(ahead));
		}
	}

	/** This clock minus Redis's, as of halfway through the round trip. */
	Duration aheadOfRedis() {
		Instant sent = this.clock.instant();
		Long redisMillis = this.redis
			.execute((RedisCallback<Long>) (connection) -> connection.serverCommands().time(TimeUnit.MILLISECONDS));
		Instant received = this.clock.instant();
		Instant local = sent.plus(Duration.between(sent, received).dividedBy(2));
		return Duration.between(Instant.ofEpochMilli(redisMillis), local);
	}

	static String describe(Duration ahead) {
		String seconds = String.format(Locale.ROOT, "%.1f s", ahead.abs().toMillis() / 1000.0);
		return seconds + (ahead.isNegative() ? " behind" : " ahead of");
	}

}
