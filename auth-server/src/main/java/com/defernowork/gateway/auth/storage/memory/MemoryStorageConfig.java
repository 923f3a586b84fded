package com.defernowork.gateway.auth.storage.memory;

import java.time.Clock;

import com.github.benmanes.caffeine.cache.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.defernowork.gateway.auth.storage.AuthorizationLifetime;
import com.defernowork.gateway.auth.storage.ConditionalOnStorage;
import com.defernowork.gateway.auth.storage.KeyValueStore;
import com.defernowork.gateway.auth.storage.ScoredSets;
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

/**
 * The quickstart's store when no Redis is configured: everything is lost on restart, and
 * it says so. Signing keys too: a fresh key per start, so tokens signed before a restart
 * no longer verify, like everything else here.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnStorage(StorageKind.MEMORY)
@Import({ StorageConfig.class, VaultConfig.class })
class MemoryStorageConfig {

	private static final Logger logger = LoggerFactory.getLogger(MemoryStorageConfig.class);

	MemoryStorageConfig() {
		logger.warn("""

				*****************************************************************************
				* IN-MEMORY STORAGE: registrations, tokens, consents and keys are lost when  *
				* the auth server stops. Set REDIS_URL (e.g. redis://127.0.0.1:6379) to keep *
				* them.                                                                       *
				*****************************************************************************""");
	}

	@Bean
	MemoryRegisteredClientRepository registeredClientRepository(StorageProperties properties,
			ObjectProvider<Clock> clock, MemoryOAuth2AuthorizationConsentService consents) {
		MemoryRegisteredClientRepository clients = new MemoryRegisteredClientRepository(properties.clientIdleTtl(),
				clock.getIfAvailable(Clock::systemUTC));
		clients.setUnclaimedTtl(properties.clientUnclaimedTtl());
		clients.onReaped(consents::removeClient);
		return clients;
	}

	@Bean
	VaultBoundAuthorizationService authorizationService(AuthorizationLifetime lifetime, TokenVault vault,
			ObjectProvider<Clock> clock) {
		Clock now = clock.getIfAvailable(Clock::systemUTC);
		return new VaultBoundAuthorizationService(new MemoryOAuth2AuthorizationService(lifetime, now), vault, lifetime,
				now);
	}

	@Bean
	MemoryOAuth2AuthorizationConsentService authorizationConsentService(StorageProperties properties,
			ObjectProvider<Clock> clock) {
		return new MemoryOAuth2AuthorizationConsentService(properties.consentTtl(),
				clock.getIfAvailable(Clock::systemUTC));
	}

	@Bean
	KeyValueStore keyValueStore(ObjectProvider<Ticker> ticker) {
		return new MemoryKeyValueStore(ticker.getIfAvailable(Ticker::systemTicker));
	}

	@Bean
	ScoredSets scoredSets() {
		return new MemoryScoredSets();
	}

}
