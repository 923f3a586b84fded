package com.defernowork.gateway.auth.storage.memory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.defernowork.gateway.auth.storage.ConditionalOnStorage;
import com.defernowork.gateway.auth.storage.StorageKind;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/** The quickstart's store when no Redis is configured: everything is lost on restart, and it says so. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnStorage(StorageKind.MEMORY)
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
	RegisteredClientRepository registeredClientRepository() {
		return new MemoryRegisteredClientRepository();
	}

	@Bean
	OAuth2AuthorizationService authorizationService() {
		return new InMemoryOAuth2AuthorizationService();
	}

	@Bean
	OAuth2AuthorizationConsentService authorizationConsentService() {
		return new InMemoryOAuth2AuthorizationConsentService();
	}

}
