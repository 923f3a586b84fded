package com.defernowork.gateway.auth.support;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Ticker;

/**
 * The system's ticker, moved forward on demand: a server started with it lets a test skip
 * its in-process memory (a client read a few seconds ago) without sleeping, while
 * everything else, Redis's expiries included, keeps real time.
 */
public final class ShiftedTicker implements Ticker {

	private final AtomicLong shift = new AtomicLong();

	@Override
	public long read() {
		return System.nanoTime() + this.shift.get();
	}

	public void advance(Duration duration) {
		this.shift.addAndGet(duration.toNanos());
	}

}
