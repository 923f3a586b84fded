package com.defernowork.gateway.auth.consent;

import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;

/**
 * The consent store as the consent form's provider sees it: it finds no earlier approval,
 * so that an approval grants exactly the scopes ticked on it. The framework's provider
 * adds the stored approval's scopes asked for again to the ticked ones, where no consent
 * customizer reaches them. Deny's forgetting is thus
 * {@link RememberedConsent#remember}'s.
 */
final class TickedScopesOnly implements OAuth2AuthorizationConsentService {

	private final OAuth2AuthorizationConsentService store;

	TickedScopesOnly(OAuth2AuthorizationConsentService store) {
		this.store = store;
	}

	@Override
	public void save(OAuth2AuthorizationConsent authorizationConsent) {
		this.store.save(authorizationConsent);
	}

	@Override
	public void remove(OAuth2AuthorizationConsent authorizationConsent) {
		this.store.remove(authorizationConsent);
	}

	@Override
	public OAuth2AuthorizationConsent findById(String registeredClientId, String principalName) {
		return null;
	}

}
