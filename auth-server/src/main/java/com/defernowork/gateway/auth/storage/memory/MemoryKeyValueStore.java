package com.defernowork.gateway.auth.storage.memory;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;

import com.defernowork.gateway.auth.storage.KeyValueStore;

/**
 * Values in a Caffeine cache with a time to live per entry; expired entries are evicted,
 * not only hidden. Unbounded unless given a maximum size: the server's own store must
 * never drop a value before its time (a vault entry is a person's Deferno sign-in), while
 * a cache that outsiders can fill needs a cap.
 */
public final class MemoryKeyValueStore implements KeyValueStore {

	private static final Duration FOREVER = Duration.ofNanos(Long.MAX_VALUE);

	private final Cache<String, Entry> entries;

	public MemoryKeyValueStore(Ticker ticker) {
		this.entries = builder(ticker).build();
	}

	/**
	 * A store that evicts the least useful values beyond {@code maximumSize}, for caches
	 * only.
	 */
	public MemoryKeyValueStore(Ticker ticker, long maximumSize) {
		this.entries = builder(ticker).maximumSize(maximumSize).build();
	}

	private static Caffeine<String, Entry> builder(Ticker ticker) {
		return Caffeine.newBuilder()
			.ticker(ticker)
			.expireAfter(Expiry.<String, Entry>writing((key, entry) -> entry.ttl()));
	}

	@Override
	public String get(String key) {
		Entry entry = this.entries.getIfPresent(key);
		return (entry != null) ? entry.value() : null;
	}

	@Override
	public void put(String key, String value, Duration ttl) {
		this.entries.put(key, new Entry(value, ttl));
	}

	@Override
	public boolean putIfAbsent(String key, String value, Duration ttl) {
		return this.entries.asMap().putIfAbsent(key, new Entry(value, ttl)) == null;
	}

	@Override
	public boolean replace(String key, String value, Duration ttl) {
		return this.entries.asMap().computeIfPresent(key, (name, entry) -> new Entry(value, ttl)) != null;
	}

	@Override
	public long increment(String key, Duration ttl) {
		Entry counted = this.entries.asMap()
			.merge(key, new Entry("1", ttl),
					(entry, first) -> new Entry(Long.toString(Long.parseLong(entry.value()) + 1), entry.ttl()));
		return Long.parseLong(counted.value());
	}

	@Override
	public boolean expire(String key, Duration ttl) {
		return this.entries.asMap().computeIfPresent(key, (name, entry) -> new Entry(entry.value(), ttl)) != null;
	}

	@Override
	public void delete(String key) {
		this.entries.invalidate(key);
	}

	@Override
	public void deleteIfValue(String key, String value) {
		this.entries.asMap().computeIfPresent(key, (name, entry) -> entry.value().equals(value) ? null : entry);
	}

	private record Entry(String value, Duration ttl) {

		Entry {
			ttl = (ttl != null) ? ttl : FOREVER;
		}

	}

}
