package com.defernowork.gateway.auth.storage;

import java.time.Duration;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What both stores share, built on the store's {@link KeyValueStore}: the grant locks and
 * the rule of how long an authorization lives (the signing key, sealed by the vault, is
 * built beside the vault). The store itself is chosen by {@code memory/} and
 * {@code redis/}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StorageProperties.class)
public class StorageConfig {

	@Bean
	AuthorizationLifetime authorizationLifetime(StorageProperties properties) {
		return new AuthorizationLifetime(properties.pendingAuthorizationTtl());
	}

	@Bean
	GrantLocks grantLocks(KeyValueStore store) {
		return new KeyValueGrantLocks(store, Duration.ofSeconds(30), Duration.ofSeconds(10));
	}

}
