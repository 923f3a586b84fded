package com.defernowork.gateway.auth.cimd;

import java.time.Duration;
import java.time.Instant;

/**
 * A valid document as cached: its text, the caching headers it came with (for
 * revalidation), and until when it may be used without asking its host.
 */
record CachedDocument(String json, CacheHeaders headers, Instant freshUntil) {

	boolean isFreshAt(Instant now) {
		return now.isBefore(this.freshUntil);
	}

	boolean isWithinStalenessAt(Instant now, Duration staleness) {
		return now.isBefore(this.freshUntil.plus(staleness));
	}

}
