package com.defernowork.gateway.auth.storage.redis;

import java.time.Clock;
import java.time.Duration;

import com.defernowork.gateway.auth.storage.AuthorizationLifetime;
import com.defernowork.gateway.auth.storage.ConditionalOnStorage;
import com.defernowork.gateway.auth.storage.GrantLocks;
import com.defernowork.gateway.auth.storage.KeyValueStore;
import com.defernowork.gateway.auth.storage.ScoredSets;
import com.defernowork.gateway.auth.storage.StorageConfig;
import com.defernowork.gateway.auth.storage.StorageKind;
import com.defernowork.gateway.auth.storage.StorageProperties;
import com.defernowork.gateway.auth.storage.redis.RedisWriteProbe.Write;
import com.defernowork.gateway.auth.vault.TokenVault;
import com.defernowork.gateway.auth.vault.VaultBoundAuthorizationService;
import com.defernowork.gateway.auth.vault.VaultConfig;
import com.defernowork.gateway.web.health.RateLimitedProbe;
import com.github.benmanes.caffeine.cache.Ticker;
import io.lettuce.core.resource.ClientResources;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thymeleaf.ITemplateEngine;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * The production store: clients, authorizations, consents, the signing key and the small
 * stores in Redis (a single server, Sentinel or Cluster, as Spring Boot's
 * {@code spring.data.redis.*} or {@code REDIS_URL} configure it), every key under
 * {@code auth.redis.key-prefix}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnStorage(StorageKind.REDIS)
@Import({ StorageConfig.class, VaultConfig.class })
class RedisStorageConfig {

	private static final Logger logger = LoggerFactory.getLogger(RedisStorageConfig.class);

	private static final Duration CLIENT_FRESHNESS = Duration.ofSeconds(5);

	private static final Duration WRITE_CHECK_INTERVAL = Duration.ofSeconds(10);

	@Bean
	RedisFailFast redisFailFast(DataRedisProperties properties) {
		return new RedisFailFast(properties);
	}

	@Bean
	@ConditionalOnProperty("spring.data.redis.sentinel.master")
	SentinelSwitchListener sentinelSwitchListener(LettuceConnectionFactory connections, ClientResources resources) {
		return new SentinelSwitchListener(connections, resources);
	}

	/** Outside Spring Security's filters (order -100), to answer for failures in them. */
	@Bean
	FilterRegistrationBean<RedisOutageFilter> redisOutageFilter(ITemplateEngine templates,
			RedisReconnections reconnections) {
		FilterRegistrationBean<RedisOutageFilter> registration = new FilterRegistrationBean<>(
				new RedisOutageFilter(GrantLocks.RETRY_AFTER, templates, reconnections));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

	/** The health component {@code redis}, in place of Spring Boot's. */
	@Bean
	RedisHealthIndicator redisHealthIndicator(RedisConnectionFactory connections, RedisReconnections reconnections) {
		return new RedisHealthIndicator(connections, reconnections);
	}

	@Bean
	RedisReconnections redisReconnections(ClientResources resources) {
		return new RedisReconnections(resources, Clock.systemUTC());
	}

	/** Behind {@code redisWrites}, run by a health read or a metrics scrape. */
	@Bean
	RateLimitedProbe<Write> redisWriteCheck(StringRedisTemplate redis, RedisKeys keys, RedisEvictionPolicy policy,
			RedisEvictedKeys evicted) {
		RedisWriteProbe writes = new RedisWriteProbe(redis, keys, WRITE_CHECK_INTERVAL.multipliedBy(3),
				Clock.systemUTC());
		ClockDifferenceCheck clocks = new ClockDifferenceCheck(redis, Clock.systemUTC());
		return RateLimitedProbe.onVirtualThread("redis-write-check", () -> {
			writes.run();
			clocks.run();
			policy.run();
			evicted.run();
		}, writes::last, Write::at, WRITE_CHECK_INTERVAL);
	}

	@Bean
	RedisWritesHealthIndicator redisWritesHealthIndicator(RateLimitedProbe<Write> redisWriteCheck,
			RedisEvictionPolicy policy, RedisEvictedKeys evicted) {
		return new RedisWritesHealthIndicator(redisWriteCheck, policy, evicted);
	}

	@Bean
	RedisEvictionPolicy redisEvictionPolicy(StringRedisTemplate redis) {
		return new RedisEvictionPolicy(redis);
	}

	@Bean
	RedisEvictedKeys redisEvictedKeys(StringRedisTemplate redis) {
		return new RedisEvictedKeys(redis, Clock.systemUTC());
	}

	/**
	 * A scrape runs the write check when its last run is older than its interval, so the
	 * count is fresh where nothing reads health (Kubernetes' probes leave Redis out).
	 */
	@Bean
	MeterBinder redisEvictedKeysMetric(RateLimitedProbe<Write> redisWriteCheck, RedisEvictedKeys evicted) {
		return (registry) -> FunctionCounter.builder("gateway.auth.redis.evicted.keys", evicted, (keys) -> {
			redisWriteCheck.latest();
			Long count = keys.count();
			return (count != null) ? count : Double.NaN;
		}).description("Keys Redis deleted to make room (its evicted_keys; a cluster's nodes' sum)").register(registry);
	}

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
			StorageJson json, StorageProperties properties, ObjectProvider<Ticker> ticker) {
		// the system clock: Redis expires keys by its wall clock
		RedisRegisteredClientRepository clients = new RedisRegisteredClientRepository(redis, keys, json,
				properties.clientIdleTtl(), CLIENT_FRESHNESS, ticker.getIfAvailable(Ticker::systemTicker),
				Clock.systemUTC());
		clients.setUnclaimedTtl(properties.clientUnclaimedTtl());
		return clients;
	}

	@Bean
	IntrospectionRecords introspectionRecords(StringRedisTemplate redis, RedisKeys keys,
			RegisteredClientRepository clients) {
		return new IntrospectionRecords(redis, keys, clients);
	}

	@Bean
	RecordedIntrospection recordedIntrospection(IntrospectionRecords records, RegisteredClientRepository clients,
			JsonMapper json, ObjectProvider<Clock> clock) {
		return new RecordedIntrospection(records, clients, json, clock.getIfAvailable(Clock::systemUTC));
	}

	@Bean
	VaultBoundAuthorizationService authorizationService(StringRedisTemplate redis, RegisteredClientRepository clients,
			RedisKeys keys, StorageJson json, IntrospectionRecords introspections, AuthorizationLifetime lifetime,
			TokenVault vault, ObjectProvider<Clock> clock) {
		Clock now = clock.getIfAvailable(Clock::systemUTC);
		return new VaultBoundAuthorizationService(
				new RedisOAuth2AuthorizationService(redis, clients, keys, json, introspections, lifetime, now), vault,
				lifetime, now);
	}

	/** Before the server takes requests. */
	@Bean
	SmartInitializingSingleton legacyGrantMigration(StringRedisTemplate redis, RedisKeys keys, StorageJson json,
			RegisteredClientRepository clients, ObjectProvider<OAuth2AuthorizationService> authorizations,
			ObjectProvider<Clock> clock) {
		return () -> new LegacyGrantMigration(redis, keys, json, clients, authorizations.getObject(),
				clock.getIfAvailable(Clock::systemUTC))
			.run();
	}

	/**
	 * A warning at start, not a refusal: a Redis that never fills evicts nothing; and the
	 * count later ones are compared with.
	 */
	@Bean
	SmartInitializingSingleton redisEvictionPolicyCheck(RedisEvictionPolicy policy, RedisEvictedKeys evicted) {
		return () -> {
			policy.run();
			evicted.run();
		};
	}

	@Bean
	RedisOAuth2AuthorizationConsentService authorizationConsentService(StringRedisTemplate redis, RedisKeys keys,
			StorageProperties properties, RegisteredClientRepository clients) {
		return new RedisOAuth2AuthorizationConsentService(redis, keys, properties.consentTtl(), clients);
	}

	/** The first bean to use Redis at start (the vault's key check): waits for it. */
	@Bean
	KeyValueStore keyValueStore(StringRedisTemplate redis, StorageProperties properties) {
		RedisStartWait.until(redis, properties.redis().startWait());
		// Boot's default (localhost:6379) is otherwise named nowhere
		logger.info(
				"Keeping clients, grants, sessions and sealed Deferno tokens in Redis at {}, under the key "
						+ "prefix '{}'",
				RedisHealthIndicator.addressOf(redis.getRequiredConnectionFactory()), properties.redis().keyPrefix());
		return new RedisKeyValueStore(redis, properties.redis().keyPrefix());
	}

	@Bean
	ScoredSets scoredSets(StringRedisTemplate redis, StorageProperties properties) {
		return new RedisScoredSets(redis, properties.redis().keyPrefix());
	}

}
