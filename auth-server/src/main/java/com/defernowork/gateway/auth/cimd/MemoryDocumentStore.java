package com.defernowork.gateway.auth.cimd;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

/**
 * Documents in a bounded Caffeine cache, each expiring after its own lifetime, for the in-memory store: the number of
 * entries is capped because anyone can make this server fetch documents under as many URLs as they like.
 */
final class MemoryDocumentStore implements DocumentStore {

	private record Entry(String value, Duration ttl) {
	}

	private final Cache<String, Entry> entries;

	MemoryDocumentStore(Clock clock, long maximumSize) {
		this.entries = Caffeine.newBuilder()
			.maximumSize(maximumSize)
			.ticker(() -> nanos(clock.instant()))
			.expireAfter(Expiry.<String, Entry>writing((key, entry) -> entry.ttl()))
			.build();
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
	public void remove(String key) {
		this.entries.invalidate(key);
	}

	private static long nanos(Instant instant) {
		return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
	}

}
