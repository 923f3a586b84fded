package com.defernowork.gateway.auth.vault;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Sealed entries in a map, expired lazily on read. */
final class MemoryVaultStore implements VaultStore {

	private record Entry(String sealed, Instant expiresAt) {
	}

	private final Map<String, Entry> entries = new ConcurrentHashMap<>();

	private final Clock clock;

	MemoryVaultStore(Clock clock) {
		this.clock = clock;
	}

	@Override
	public void put(String name, String sealed, Duration ttl) {
		this.entries.put(name, new Entry(sealed, this.clock.instant().plus(ttl)));
	}

	@Override
	public String get(String name) {
		Entry entry = this.entries.get(name);
		if (entry == null) {
			return null;
		}
		if (!entry.expiresAt().isAfter(this.clock.instant())) {
			this.entries.remove(name, entry);
			return null;
		}
		return entry.sealed();
	}

	@Override
	public boolean touch(String name, Duration ttl) {
		String sealed = get(name);
		if (sealed == null) {
			return false;
		}
		this.entries.put(name, new Entry(sealed, this.clock.instant().plus(ttl)));
		return true;
	}

	@Override
	public void delete(String name) {
		this.entries.remove(name);
	}

}
