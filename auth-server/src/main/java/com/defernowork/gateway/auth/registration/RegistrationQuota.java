package com.defernowork.gateway.auth.registration;

import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.defernowork.gateway.auth.storage.KeyValueStore;
import com.defernowork.gateway.web.http.CallerNetwork;
import com.defernowork.gateway.web.logging.RateLimitedWarning;

import org.springframework.core.NestedExceptionUtils;

/**
 * At most so many registrations an hour from one {@link CallerNetwork caller's network}:
 * anyone may register, each client takes room in the store for a day even if no one signs
 * in for it, and a flood from one network (an IPv6 /48 holds more addresses than anyone
 * could count) would fill it for everyone. Counted per clock hour in the shared store, so
 * that several auth servers share the count. A store that cannot count lets the
 * registration through: a limit that breaks would otherwise end registration for
 * everyone, while a store that is down refuses the registration itself anyway (503).
 */
final class RegistrationQuota {

	static final Duration PERIOD = Duration.ofHours(1);

	private static final Logger logger = LoggerFactory.getLogger(RegistrationQuota.class);

	private static final String PREFIX = "registration:count:";

	private final KeyValueStore store;

	private final int perHour;

	private final Clock clock;

	private final RateLimitedWarning uncounted;

	RegistrationQuota(KeyValueStore store, int perHour, Clock clock) {
		this.store = store;
		this.perHour = perHour;
		this.clock = clock;
		this.uncounted = new RateLimitedWarning(logger, clock);
	}

	int perHour() {
		return this.perHour;
	}

	/**
	 * Counts a registration from the address: null when it may go ahead, else how long
	 * until its network may register again. Requests from the operator's own networks (no
	 * forwarded address) are not counted.
	 */
	Duration refusal(String address) {
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
			this.uncounted.warn("A registration was let through uncounted: the store could not count it ("
					+ NestedExceptionUtils.getMostSpecificCause(ex).getMessage() + ")");
			return null;
		}
		return (count <= this.perHour) ? null : Duration.ofMillis((hour + 1) * PERIOD.toMillis() - now);
	}

}
