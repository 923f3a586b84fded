package com.defernowork.gateway.auth.storage.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.util.Assert;

/**
 * Consents in a map by client, unlike the framework's in-memory service, so that reaping
 * a client removes its consents ({@link #removeClient}) without looking at anyone else's.
 * As in Redis, a consent is forgotten {@code ttl} ({@code auth.consent-ttl}) after it was
 * last saved.
 */
final class MemoryOAuth2AuthorizationConsentService implements OAuth2AuthorizationConsentService {

	/** Registered client id → principal name → consent. */
	private final Map<String, Map<String, Remembered>> byClient = new ConcurrentHashMap<>();

	private final Duration ttl;

	private final Clock clock;

	MemoryOAuth2AuthorizationConsentService(Duration ttl, Clock clock) {
		this.ttl = ttl;
		this.clock = clock;
	}

	@Override
	public void save(OAuth2AuthorizationConsent consent) {
		Assert.notNull(consent, "authorizationConsent cannot be null");
		Instant now = this.clock.instant();
		purgeExpired(now);
		Remembered remembered = new Remembered(consent, now.plus(this.ttl));
		this.byClient.compute(consent.getRegisteredClientId(), (id, consents) -> {
			Map<String, Remembered> updated = (consents != null) ? consents : new ConcurrentHashMap<>();
			updated.put(consent.getPrincipalName(), remembered);
			return updated;
		});
	}

	@Override
	public void remove(OAuth2AuthorizationConsent consent) {
		Assert.notNull(consent, "authorizationConsent cannot be null");
		this.byClient.computeIfPresent(consent.getRegisteredClientId(), (id, consents) -> {
			consents.remove(consent.getPrincipalName());
			return consents.isEmpty() ? null : consents;
		});
	}

	@Override
	public OAuth2AuthorizationConsent findById(String registeredClientId, String principalName) {
		Assert.hasText(registeredClientId, "registeredClientId cannot be empty");
		Assert.hasText(principalName, "principalName cannot be empty");
		Map<String, Remembered> consents = this.byClient.get(registeredClientId);
		Remembered remembered = (consents != null) ? consents.get(principalName) : null;
		return (remembered != null && remembered.isLiveAt(this.clock.instant())) ? remembered.consent() : null;
	}

	void removeClient(String registeredClientId) {
		this.byClient.remove(registeredClientId);
	}

	/** Expired consents are dropped, not only hidden, as Redis drops its keys. */
	private void purgeExpired(Instant now) {
		for (String clientId : this.byClient.keySet()) {
			this.byClient.computeIfPresent(clientId, (id, consents) -> {
				consents.values().removeIf((remembered) -> !remembered.isLiveAt(now));
				return consents.isEmpty() ? null : consents;
			});
		}
	}

	private record Remembered(OAuth2AuthorizationConsent consent, Instant expiresAt) {

		boolean isLiveAt(Instant now) {
			return this.expiresAt.isAfter(now);
		}

	}

}
