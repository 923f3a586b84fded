package com.defernowork.gateway.auth.storage.memory;

import java.time.Clock;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Ticker;

import com.defernowork.gateway.auth.storage.AbstractAuthorizationServiceTests;
import com.defernowork.gateway.auth.storage.AuthorizationLifetime;

import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationConsentService;

class MemoryOAuth2AuthorizationServiceTests extends AbstractAuthorizationServiceTests {

	@Override
	protected Store createStore() {
		return new Store(new MemoryRegisteredClientRepository(null, Clock.systemUTC()),
				new MemoryOAuth2AuthorizationService(new AuthorizationLifetime(Duration.ofMinutes(10)), this.clock),
				new InMemoryOAuth2AuthorizationConsentService(), new MemoryKeyValueStore(Ticker.systemTicker()),
				new MemoryScoredSets());
	}

}
