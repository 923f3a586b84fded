package com.defernowork.gateway.auth.registration;

import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.defernowork.gateway.auth.storage.KeyValueStore;
import com.defernowork.gateway.web.http.CallerNetwork;
import com.defernowork.gateway.web.logging.RateLimitedWarning;
import com.defernowork.gateway.web.settings.Settings;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;

/**
 * At most so many new clients an hour from one {@link CallerNetwork caller's network},
 * registered or admitted by their metadata document: anyone may add one, each takes room
 * in the store for a day, and a flood from one network would fill it for everyone.
 * Counted per clock hour in the shared store, which all auth servers share. A store that
 * cannot count lets the client through: a broken limit would otherwise end new clients
 * for everyone, while a store that is down refuses storing the client anyway (503).
 */
@Component
public final class NewClientQuota {

	static final Duration PERIOD = Duration.ofHours(1);

	private static final Logger logger = LoggerFactory.getLogger(NewClientQuota.class);

	private static final String PREFIX = "new-client:count:";

	private final KeyValueStore store;

	private final int perHour;

	private final Clock clock;

	private final RateLimitedWarning uncounted;

	/** The 429s, which the pages and the endpoint answer without a line of their own. */
	private final RateLimitedWarning refused;

	@Autowired
	NewClientQuota(KeyValueStore store, @Value("${auth.registration.per-network-per-hour:60}") int perHour) {
		this(store, (int) Settings.atLeast(1, perHour,
				"AUTH_REGISTRATIONS_PER_HOUR (auth.registration.per-network-per-hour)"), Clock.systemUTC());
	}

	NewClientQuota(KeyValueStore store, int perHour, Clock clock) {
		this.store = store;
		this.perHour = perHour;
		this.clock = clock;
		this.uncounted = new RateLimitedWarning(logger, clock);
		this.refused = new RateLimitedWarning(logger, clock);
	}

	public int perHour() {
		return this.perHour;
	}

	/**
	 * Counts a new client from the address: null when it may be added, else how long
	 * until its network may add one again. Requests from the operator's own networks (no
	 * forwarded address) are not counted.
	 */
	public Duration refusal(String address) {
		String network = CallerNetwork.of(address);
		if (network == null) {
			return null;
		}
		long now = this.clock.millis();
		long hour = now / PERIOD.toMillis();
		long count;
		try {
			count = this.store.increment(PREFIX + network + ":" + hour, PERIOD);
		}
		catch (RuntimeException ex) {
			this.uncounted.warn("A new client was let through uncounted: the store could not count it ("
					+ NestedExceptionUtils.getMostSpecificCause(ex).getMessage() + ")");
			return null;
		}
		if (count <= this.perHour) {
			return null;
		}
		this.refused.warn("Refused a new client from " + network + " (429): that network added " + this.perHour
				+ " this clock hour (AUTH_REGISTRATIONS_PER_HOUR)");
		return Duration.ofMillis((hour + 1) * PERIOD.toMillis() - now);
	}

}
