package com.defernowork.gateway.auth.storage;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.dao.QueryTimeoutException;

/** A store in a map whose operations fail, as a Redis that times out would, on demand. */
final class FlakyKeyValueStore implements KeyValueStore {

	final Map<String, String> values = new ConcurrentHashMap<>();

	boolean failGet;

	boolean failPutIfAbsent;

	volatile boolean failDelete;

	@Override
	public String get(String key) {
		failIf(this.failGet);
		return this.values.get(key);
	}

	@Override
	public void put(String key, String value, Duration ttl) {
		this.values.put(key, value);
	}

	@Override
	public boolean putIfAbsent(String key, String value, Duration ttl) {
		failIf(this.failPutIfAbsent);
		return this.values.putIfAbsent(key, value) == null;
	}

	@Override
	public boolean replace(String key, String value, Duration ttl) {
		return this.values.replace(key, value) != null;
	}

	@Override
	public long increment(String key, Duration ttl) {
		return Long.parseLong(this.values.merge(key, "1", (count, one) -> Long.toString(Long.parseLong(count) + 1)));
	}

	@Override
	public boolean expire(String key, Duration ttl) {
		return this.values.containsKey(key);
	}

	@Override
	public void delete(String key) {
		this.values.remove(key);
	}

	@Override
	public void deleteIfValue(String key, String value) {
		failIf(this.failDelete);
		this.values.remove(key, value);
	}

	private static void failIf(boolean failing) {
		if (failing) {
			throw new QueryTimeoutException("Redis command timed out");
		}
	}

}
