package com.defernowork.gateway.auth.storage.memory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.util.Assert;

/**
 * Consents in a map by client, unlike the framework's in-memory service, so that reaping
 * a client removes its consents ({@link #removeClient}) without looking at anyone else's.
 */
final class MemoryOAuth2AuthorizationConsentService implements OAuth2AuthorizationConsentService {

	/** Registered client id → principal name → consent. */
	private final Map<String, Map<String, OAuth2AuthorizationConsent>> byClient = new ConcurrentHashMap<>();

	@Override
	public void save(OAuth2AuthorizationConsent consent) {
		Assert.notNull(consent, "authorizationConsent cannot be null");
		this.byClient.compute(consent.getRegisteredClientId(), (id, consents) -> {
			Map<String, OAuth2AuthorizationConsent> updated = (consents != null) ? consents : new ConcurrentHashMap<>();
			updated.put(consent.getPrincipalName(), consent);
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
		Map<String, OAuth2AuthorizationConsent> consents = this.byClient.get(registeredClientId);
		return (consents != null) ? consents.get(principalName) : null;
	}

	/** Forgets every consent given to the client. */
	void removeClient(String registeredClientId) {
		this.byClient.remove(registeredClientId);
	}

}
