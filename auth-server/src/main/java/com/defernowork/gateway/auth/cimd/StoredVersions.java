package com.defernowork.gateway.auth.cimd;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * The version of each metadata document client this instance last stored, so that the
 * store is written only when a document changed. Bounded by what the clients weigh, not
 * their number: anyone can have this server admit a client per URL, each about 9 KB on
 * the heap when large. A miss costs a read of the stored copy.
 */
final class StoredVersions {

	/** About 8 MB of the heap, in kilobytes. */
	static final long BUDGET_KB = 8 * 1024;

	/** What a client's settings and token settings hold before its own strings. */
	private static final int BASE_KB = 6;

	private static final Duration IDLE = Duration.ofMinutes(30);

	private final Cache<String, RegisteredClient> versions = Caffeine.newBuilder()
		.maximumWeight(BUDGET_KB)
		.<String, RegisteredClient>weigher(StoredVersions::weightKb)
		.expireAfterAccess(IDLE)
		.build();

	RegisteredClient get(String url) {
		return this.versions.getIfPresent(url);
	}

	void put(String url, RegisteredClient client) {
		this.versions.put(url, client);
	}

	void forget(String url) {
		this.versions.invalidate(url);
	}

	/** The weight of what is kept, in kilobytes (after pending evictions ran). */
	long weightKb() {
		this.versions.cleanUp();
		return this.versions.policy().eviction().orElseThrow().weightedSize().orElseThrow();
	}

	/** Two bytes a character, at most: the client's strings, which a document sets. */
	static int weightKb(String url, RegisteredClient client) {
		long chars = url.length() + client.getClientId().length() + client.getClientName().length()
				+ Stream.of(client.getRedirectUris(), client.getPostLogoutRedirectUris(), client.getScopes())
					.flatMap(Set::stream)
					.mapToLong(String::length)
					.sum();
		return (int) (BASE_KB + chars * 2 / 1024);
	}

}
