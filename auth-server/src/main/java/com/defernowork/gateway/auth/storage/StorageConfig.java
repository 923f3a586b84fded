package com.defernowork.gateway.auth.storage;

import java.time.Duration;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What both stores share: the grant locks and how long an authorization lives. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StorageProperties.class)
public class StorageConfig {

	@Bean
	AuthorizationLifetime authorizationLifetime(StorageProperties properties) {
		return new AuthorizationLifetime(properties.pendingAuthorizationTtl());
	}

	/**
	 * A lease beyond a refresh on a slow but answering Redis (a dozen commands, each
	 * bounded by its 2 s timeout; milliseconds when healthy), so that no second refresh
	 * of the grant starts while one still runs, and a wait well beyond a concurrent
	 * twin's refresh. Both are short enough that a client retrying after a 503 lands
	 * inside the refresh reuse grace even in the worst case, a release lost with the
	 * connection: the lease lapses within 20 s of the rotation, a retry waits at most 3
	 * s, then {@code Retry-After} (2 s); about 25 s, inside the default grace of 30 s.
	 */
	@Bean
	GrantLocks grantLocks(KeyValueStore store) {
		return new KeyValueGrantLocks(store, Duration.ofSeconds(20), Duration.ofSeconds(3));
	}

}
