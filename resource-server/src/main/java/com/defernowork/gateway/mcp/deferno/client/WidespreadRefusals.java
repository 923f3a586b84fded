package com.defernowork.gateway.mcp.deferno.client;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Deferno refuses many sign-ins at once: more than {@link #MOST} different
 * credentials within {@link #WINDOW}, each refused on a call and again at
 * {@code /auth/me}. People's sign-ins rarely end together; Deferno refusing them all (its
 * session store failing, a bad deployment) does. Ending every grant then would sign
 * everyone out over Deferno's own trouble, so beyond that many the grants are kept.
 */
final class WidespreadRefusals {

	private static final Logger logger = LoggerFactory.getLogger(WidespreadRefusals.class);

	static final int MOST = 10;

	static final Duration WINDOW = Duration.ofMinutes(1);

	/** Digests of the credentials refused within the window. */
	private final Cache<String, Boolean> refused;

	/** When the last ERROR went out (ticker nanos), one per window. */
	private volatile long reported;

	private final Ticker ticker;

	WidespreadRefusals(Ticker ticker) {
		this.ticker = ticker;
		this.refused = Caffeine.newBuilder().expireAfterWrite(WINDOW).maximumSize(10 * MOST).ticker(ticker).build();
		this.reported = ticker.read() - WINDOW.toNanos();
	}

	/** Counts the refused credential; true when too many were refused of late. */
	boolean refusedWith(String credentialKey) {
		this.refused.put(credentialKey, Boolean.TRUE);
		this.refused.cleanUp();
		long count = this.refused.estimatedSize();
		if (count <= MOST) {
			return false;
		}
		long now = this.ticker.read();
		long last = this.reported;
		if (now - last >= WINDOW.toNanos()) {
			this.reported = now;
			logger.error("Deferno refused the sign-ins of {} different credentials within {} s, on a call and again "
					+ "at /auth/me: taken for Deferno's own trouble, so their grants are kept and the calls reported "
					+ "as temporary failures until that stops", count, WINDOW.toSeconds());
		}
		return true;
	}

}
