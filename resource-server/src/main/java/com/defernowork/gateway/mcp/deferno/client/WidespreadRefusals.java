package com.defernowork.gateway.mcp.deferno.client;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Deferno refuses many sign-ins at once: those of more than {@link #MOST}
 * different people within {@link #WINDOW}, each refused on a call and again at
 * {@code /auth/me} (a person counts once however many of their sign-ins end, or one
 * person ending theirs would keep everyone's grants alive). People's sign-ins rarely end
 * together; Deferno refusing them all (its session store failing, a bad deployment) does.
 * Ending every grant then would sign everyone out over Deferno's own trouble, so beyond
 * that many the grants are kept, for at most {@link #LONGEST}: refusals that go on that
 * long are taken as meant (a mass sign-out at Deferno), and the people still refused are
 * asked to sign in again.
 */
final class WidespreadRefusals {

	private static final Logger logger = LoggerFactory.getLogger(WidespreadRefusals.class);

	static final int MOST = 10;

	static final Duration WINDOW = Duration.ofMinutes(1);

	static final Duration LONGEST = Duration.ofMinutes(10);

	private static final long NONE = Long.MIN_VALUE;

	/**
	 * Whose sign-ins were refused within the window (digests of a person, or of a
	 * credential without one), each counted at its first refusal.
	 */
	private final Cache<String, Boolean> refused;

	private final Ticker ticker;

	/** Since when (ticker nanos) refusals have been widespread, or {@link #NONE}. */
	private final AtomicLong since = new AtomicLong(NONE);

	/**
	 * When (ticker nanos) more than {@link #MOST} were last counted, or {@link #NONE}.
	 */
	private final AtomicLong lastCounted = new AtomicLong(NONE);

	WidespreadRefusals(Ticker ticker) {
		this.ticker = ticker;
		this.refused = Caffeine.newBuilder().expireAfterWrite(WINDOW).maximumSize(10 * MOST).ticker(ticker).build();
	}

	/**
	 * Counts whose sign-in was refused; true when too many were refused of late (or were
	 * within the window: the count dips as the first ones' minute runs out), for at most
	 * {@link #LONGEST}.
	 */
	boolean refusedWith(String whose) {
		// counted once a minute: a person retrying must not keep the count up by itself
		this.refused.asMap().putIfAbsent(whose, Boolean.TRUE);
		this.refused.cleanUp();
		long count = this.refused.estimatedSize();
		long now = this.ticker.read();
		long last = this.lastCounted.get();
		if (count > MOST) {
			this.lastCounted.set(now);
		}
		else if (last == NONE || now - last >= WINDOW.toNanos()) {
			if (this.since.getAndSet(NONE) != NONE) {
				logger.info("Deferno refuses sign-ins no more than usual again: grants it refuses are ended again");
			}
			return false;
		}
		if (this.since.compareAndSet(NONE, now)) {
			logger.error("Deferno refused the sign-ins of {} different people within {} s, on a call and again "
					+ "at /auth/me: taken for Deferno's own trouble, so their grants are kept and the calls reported "
					+ "as temporary failures, for up to {} minutes", count, WINDOW.toSeconds(), LONGEST.toMinutes());
		}
		long began = this.since.get();
		return began == NONE || now - began < LONGEST.toNanos();
	}

}
