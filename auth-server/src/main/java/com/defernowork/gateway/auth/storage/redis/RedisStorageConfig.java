package com.defernowork.gateway.auth.storage.redis;

import java.time.Clock;
import java.time.Duration;

import com.defernowork.gateway.auth.storage.AuthorizationLifetime;
import com.defernowork.gateway.auth.storage.ConditionalOnStorage;
import com.defernowork.gateway.auth.storage.GrantLocks;
import com.defernowork.gateway.auth.storage.SigningKeys;
import com.defernowork.gateway.auth.storage.StorageKind;
import com.defernowork.gateway.auth.storage.StorageProperties;
import com.github.benmanes.caffeine.cache.Ticker;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * The production store: clients, authorizations, consents and the signing key in Redis (a single server, Sentinel
 * or Cluster, as Spring Boot's {@code spring.data.redis.*} or {@code REDIS_URL} configure it), every key under
 * {@code auth.redis.key-prefix}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnStorage(StorageKind.REDIS)
@EnableConfigurationProperties(StorageProperties.class)
class RedisStorageConfig {

	/** How long a client read from Redis answers lookups from memory. */
	private static final Duration CLIENT_FRESHNESS = Duration.ofSeconds(5);

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
		return new RedisRegisteredClientRepository(redis, keys, json, properties.clientIdleTtl(), CLIENT_FRESHNESS,
				Ticker.systemTicker());
	}

	@Bean
	AuthorizationLifetime authorizationLifetime(StorageProperties properties) {
		return new AuthorizationLifetime(properties.pendingAuthorizationTtl());
	}

	@Bean
	RedisOAuth2AuthorizationService authorizationService(StringRedisTemplate redis,
			RegisteredClientRepository clients, RedisKeys keys, StorageJson json, AuthorizationLifetime lifetime,
			ObjectProvider<Clock> clock) {
		return new RedisOAuth2AuthorizationService(redis, clients, keys, json, lifetime,
				clock.getIfAvailable(Clock::systemUTC));
	}

	/** Before the server takes requests: grants of the earlier layout are moved, none is lost. */
	@Bean
	SmartInitializingSingleton legacyGrantMigration(StringRedisTemplate redis, RedisKeys keys, StorageJson json,
			RegisteredClientRepository clients, ObjectProvider<OAuth2AuthorizationService> authorizations,
			ObjectProvider<Clock> clock) {
		return () -> new LegacyGrantMigration(redis, keys, json, clients, authorizations.getObject(),
				clock.getIfAvailable(Clock::systemUTC))
			.run();
	}

	@Bean
	RedisOAuth2AuthorizationConsentService authorizationConsentService(StringRedisTemplate redis, RedisKeys keys,
			StorageProperties properties) {
		return new RedisOAuth2AuthorizationConsentService(redis, keys, properties.consentTtl());
	}

	@Bean
	GrantLocks grantLocks(StringRedisTemplate redis, RedisKeys keys) {
		return new RedisGrantLocks(redis, keys, Duration.ofSeconds(30), Duration.ofSeconds(10));
	}

	@Bean
	JWKSource<SecurityContext> jwkSource(StringRedisTemplate redis, RedisKeys keys) {
		return SigningKeys.jwkSource(new RedisSigningKeyStore(redis, keys).loadOrCreate());
	}

}
