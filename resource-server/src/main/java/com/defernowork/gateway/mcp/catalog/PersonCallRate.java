package com.defernowork.gateway.mcp.catalog;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * At most so many tool calls and resource reads of one person a minute on this server: an
 * agent caught in a loop would otherwise keep Deferno busy for everyone (MCP requires
 * tool calls to be rate-limited). A fixed minute per person, counted in a Caffeine entry
 * that expires with it (a per-person limiter of a resilience library would need the same
 * cache around it).
 */
final class PersonCallRate {

	static final Duration WINDOW = Duration.ofMinutes(1);

	private final int perMinute;

	private final Ticker ticker;

	private final Cache<String, Minute> minutes;

	PersonCallRate(int perMinute, Ticker ticker) {
		this.perMinute = perMinute;
		this.ticker = ticker;
		this.minutes = Caffeine.newBuilder().expireAfterWrite(WINDOW).ticker(ticker).build();
	}

	int perMinute() {
		return this.perMinute;
	}

	/**
	 * Counts the person's call: null when it may start, else how long until their minute
	 * ends. A call without a signed-in person (null) is not counted.
	 */
	Duration refusal(String person) {
		if (person == null) {
			return null;
		}
		Minute minute = this.minutes.get(person, (key) -> new Minute(this.ticker.read(), new AtomicInteger()));
		if (minute.calls().incrementAndGet() <= this.perMinute) {
			return null;
		}
		Duration left = WINDOW.minusNanos(this.ticker.read() - minute.startedNanos());
		return left.isNegative() ? Duration.ZERO : left;
	}

	private record Minute(long startedNanos, AtomicInteger calls) {
	}

}
