package com.defernowork.gateway.auth.storage.redis;

import java.time.Clock;

import com.defernowork.gateway.auth.storage.AuthorizationLifetime;
import com.defernowork.gateway.auth.storage.ConditionalOnStorage;
import com.defernowork.gateway.auth.storage.KeyValueStore;
import com.defernowork.gateway.auth.storage.StorageConfig;
import com.defernowork.gateway.auth.storage.StorageKind;
import com.defernowork.gateway.auth.storage.StorageProperties;
import com.defernowork.gateway.auth.vault.TokenVault;
import com.defernowork.gateway.auth.vault.VaultBoundAuthorizationService;
import com.defernowork.gateway.auth.vault.VaultConfig;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * The production store: clients, authorizations, consents, the signing key and the small stores in Redis
 * ({@code spring.data.redis.url}), every key under {@code auth.redis.key-prefix}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnStorage(StorageKind.REDIS)
@Import({ StorageConfig.class, VaultConfig.class })
class RedisStorageConfig {

	@Bean
	RedisKeys redisStorageKeys(StorageProperties properties) {
		return new RedisKeys(properties.redis().keyPrefix());
	}

	@Bean
	StorageJson redisStorageJson() {
		return new StorageJson();
	}

	@Bean
	RedisRegisteredClientRepository registeredClientRepository(StringRedisTemplate redis, RedisKeys keys,
			StorageJson json, StorageProperties properties) {
		return new RedisRegisteredClientRepository(redis, keys, json, properties.clientIdleTtl());
	}

	@Bean
	VaultBoundAuthorizationService authorizationService(StringRedisTemplate redis, RegisteredClientRepository clients,
			RedisKeys keys, StorageJson json, AuthorizationLifetime lifetime, TokenVault vault,
			ObjectProvider<Clock> clock) {
		Clock now = clock.getIfAvailable(Clock::systemUTC);
		return new VaultBoundAuthorizationService(
				new RedisOAuth2AuthorizationService(redis, clients, keys, json, lifetime, now), vault, lifetime, now);
	}

	@Bean
	RedisOAuth2AuthorizationConsentService authorizationConsentService(StringRedisTemplate redis, RedisKeys keys,
			StorageProperties properties) {
		return new RedisOAuth2AuthorizationConsentService(redis, keys, properties.consentTtl());
	}

	@Bean
	KeyValueStore keyValueStore(StringRedisTemplate redis, StorageProperties properties) {
		return new RedisKeyValueStore(redis, properties.redis().keyPrefix());
	}

}
