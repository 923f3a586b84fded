package com.defernowork.gateway.auth.cimd;

import java.time.Instant;

/**
 * A valid document as cached: its text, the caching headers it came with (for
 * revalidation), and until when it may be used without asking its host.
 */
record CachedDocument(String json, CacheHeaders headers, Instant freshUntil) {
}
