package com.defernowork.gateway.auth.storage;

import java.time.Duration;

/**
 * Small string values with an optional expiry: the one port behind the small stores
 * (vault entries, grant leases, the signing key, the upstream client registration), in
 * Redis or in memory like the rest of the storage. Keys are relative
 * ({@code vault:grant:<id>}); the Redis store puts {@code auth.redis.key-prefix} in
 * front.
 */
public interface KeyValueStore {

	/** The value, or null when there is none or it expired. */
	String get(String key);

	/** Sets the value; a null {@code ttl} keeps it until deleted. */
	void put(String key, String value, Duration ttl);

	/** True when it was set. */
	boolean putIfAbsent(String key, String value, Duration ttl);

	/**
	 * Sets the value only if there is one (with a new time to live, none for a null
	 * {@code ttl}); true when it was set.
	 */
	boolean replace(String key, String value, Duration ttl);

	/**
	 * Adds one to the count under the key, in one step however many servers count: a key
	 * without a value starts at 0; the count lasts at least {@code ttl} from its first
	 * increment (in Redis exactly that, in memory that from the latest), so a caller
	 * counting per period puts the period in the key.
	 * @return the count with this one
	 */
	long increment(String key, Duration ttl);

	/** Gives an existing value a new time to live; false when there is none. */
	boolean expire(String key, Duration ttl);

	void delete(String key);

	/** Deletes the value only if it is still the given one (a lease's owner). */
	void deleteIfValue(String key, String value);

}
