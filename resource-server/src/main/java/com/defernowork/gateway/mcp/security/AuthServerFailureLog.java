package com.defernowork.gateway.mcp.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;

/**
 * Logs one kind of call to the authorization server that failed: at most one line per
 * interval, which counts the failures it stands for, so that an outage reads as a few
 * lines rather than one per token in use. A refusal of this server's own credentials goes
 * only to debug: {@link AuthServerAnswers} reports it once. Written here because
 * Logback's {@code DuplicateMessageFilter} keys on the message pattern, keeps dropping
 * after its allowance and never says how much it dropped.
 */
public final class AuthServerFailureLog {

	static final Duration INTERVAL = Duration.ofSeconds(10);

	private final Logger logger;

	private final String call;

	private final Clock clock;

	private final AtomicReference<Instant> lastLine = new AtomicReference<>(Instant.MIN);

	private final AtomicLong unlogged = new AtomicLong();

	/**
	 * @param logger where the lines go
	 * @param call what the call is, for the line ("Token introspection")
	 * @param clock the clock the interval is measured on
	 */
	public AuthServerFailureLog(Logger logger, String call, Clock clock) {
		this.logger = logger;
		this.call = call;
		this.clock = clock;
	}

	public void failed(RuntimeException failure) {
		if (AuthServerAnswers.isCredentialRefusal(failure)) {
			this.logger.debug("{} refused this server's credentials: {}", this.call, failure.getMessage());
			return;
		}
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
			this.logger.warn("{} at the authorization server failed: {}", this.call, failure.getMessage());
		}
		else {
			// the time says how long the count gathered: the outage may have ended since
			this.logger.warn("{} at the authorization server failed: {} (and {} more since {})", this.call,
					failure.getMessage(), others, last);
		}
	}

}
