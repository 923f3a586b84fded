package com.defernowork.gateway.auth.storage.memory;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.defernowork.gateway.auth.storage.AuthorizationLifetime;
import com.defernowork.gateway.auth.storage.ConditionalOnStorage;
import com.defernowork.gateway.auth.storage.GrantLocks;
import com.defernowork.gateway.auth.storage.SigningKeys;
import com.defernowork.gateway.auth.storage.StorageKind;
import com.defernowork.gateway.auth.storage.StorageProperties;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/** The quickstart's store when no Redis is configured: everything is lost on restart, and it says so. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnStorage(StorageKind.MEMORY)
@EnableConfigurationProperties(StorageProperties.class)
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
	RegisteredClientRepository registeredClientRepository(StorageProperties properties, ObjectProvider<Clock> clock) {
		return new MemoryRegisteredClientRepository(properties.clientIdleTtl(), clock.getIfAvailable(Clock::systemUTC));
	}

	@Bean
	AuthorizationLifetime authorizationLifetime(StorageProperties properties) {
		return new AuthorizationLifetime(properties.pendingAuthorizationTtl());
	}

	@Bean
	MemoryOAuth2AuthorizationService authorizationService(AuthorizationLifetime lifetime, ObjectProvider<Clock> clock) {
		return new MemoryOAuth2AuthorizationService(lifetime, clock.getIfAvailable(Clock::systemUTC));
	}

	@Bean
	OAuth2AuthorizationConsentService authorizationConsentService() {
		return new InMemoryOAuth2AuthorizationConsentService();
	}

	/** A fresh key per start: tokens signed before a restart no longer verify, like everything else here. */
	@Bean
	GrantLocks grantLocks() {
		return new MemoryGrantLocks();
	}

	@Bean
	JWKSource<SecurityContext> jwkSource() {
		return SigningKeys.jwkSource(SigningKeys.generateRsaKey());
	}

}
