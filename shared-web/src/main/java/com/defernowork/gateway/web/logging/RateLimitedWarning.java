package com.defernowork.gateway.web.logging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;

/**
 * One kind of failure logged at WARN at most once per interval, the line counting the
 * failures it stands for, so that an outage reads as a few lines rather than one per
 * call. Written here because Logback's {@code DuplicateMessageFilter} keys on the message
 * pattern, keeps dropping after its allowance and never says how much it dropped.
 */
public final class RateLimitedWarning {

	public static final Duration INTERVAL = Duration.ofSeconds(10);

	private final Logger logger;

	private final Clock clock;

	private final AtomicReference<Instant> lastLine = new AtomicReference<>(Instant.MIN);

	private final AtomicLong unlogged = new AtomicLong();

	public RateLimitedWarning(Logger logger, Clock clock) {
		this.logger = logger;
		this.clock = clock;
	}

	/**
	 * Logs the message unless a line of this kind went out within the interval; then only
	 * counts it for the next line.
	 */
	public void warn(String message) {
		Instant now = this.clock.instant();
		Instant last = this.lastLine.get();
		// a clock set back counts as the interval having passed
		boolean withinInterval = !now.isBefore(last) && now.isBefore(last.plus(INTERVAL));
		if (withinInterval || !this.lastLine.compareAndSet(last, now)) {
			this.unlogged.incrementAndGet();
			return;
		}
		// the first line counts nothing: a failure that raced it is counted in the next
		long others = last.equals(Instant.MIN) ? 0 : this.unlogged.getAndSet(0);
		if (others == 0) {
			this.logger.warn(message);
		}
		else {
			// the time says how long the count gathered: the outage may have ended since
			this.logger.warn("{} (and {} more since {})", message, others, last);
		}
	}

}
