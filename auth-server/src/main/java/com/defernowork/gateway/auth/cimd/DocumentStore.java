package com.defernowork.gateway.auth.cimd;

import java.time.Duration;

/**
 * Where fetched documents are cached, shared by every auth server instance when they share Redis: a string per key
 * that expires by itself.
 */
interface DocumentStore {

	/** The value, or null when absent or expired. */
	String get(String key);

	void put(String key, String value, Duration ttl);

	void remove(String key);

}
