package com.defernowork.gateway.auth.storage.redis;

import java.time.Duration;
import java.util.List;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.util.Assert;

/**
 * Consents in Redis, one key per (registered client id, principal name) holding the
 * granted authorities as a JSON array. Each save restarts the key's TTL
 * ({@code auth.consent-ttl}) and lists the key under its client ({@link ClientConsents}),
 * so that reaping the client removes it.
 */
public final class RedisOAuth2AuthorizationConsentService implements OAuth2AuthorizationConsentService {

	private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
	};

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final Duration ttl;

	private final JsonMapper json = JsonMapper.builder().build();

	private final RegisteredClientRepository clients;

	private final ClientConsents clientConsents;

	RedisOAuth2AuthorizationConsentService(StringRedisTemplate redis, RedisKeys keys, Duration ttl,
			RegisteredClientRepository clients) {
		this.redis = redis;
		this.keys = keys;
		this.ttl = ttl;
		this.clients = clients;
		this.clientConsents = new ClientConsents(redis, keys);
	}

	@Override
	public void save(OAuth2AuthorizationConsent consent) {
		Assert.notNull(consent, "authorizationConsent cannot be null");
		List<String> authorities = consent.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
		String key = this.keys.consent(consent.getRegisteredClientId(), consent.getPrincipalName());
		// a sweep knows a reaped client by its client id only; the framework looked the
		// client up just before, so this is mostly answered from the repository's cache
		RegisteredClient client = this.clients.findById(consent.getRegisteredClientId());
		if (client == null) {
			// reaped meanwhile: nothing would ever remove a consent kept for it
			return;
		}
		this.clientConsents.add(client.getClientId(), key, this.ttl);
		this.redis.opsForValue().set(key, this.json.writeValueAsString(authorities), this.ttl);
		if (this.clientConsents.outlived(client.getClientId())) {
			// reaped after the lookup above: its sweep may have come before the entry
			this.redis.delete(key);
			this.clientConsents.forget(client.getClientId(), key);
		}
	}

	@Override
	public void remove(OAuth2AuthorizationConsent consent) {
		Assert.notNull(consent, "authorizationConsent cannot be null");
		this.redis.delete(this.keys.consent(consent.getRegisteredClientId(), consent.getPrincipalName()));
	}

	@Override
	public OAuth2AuthorizationConsent findById(String registeredClientId, String principalName) {
		Assert.hasText(registeredClientId, "registeredClientId cannot be empty");
		Assert.hasText(principalName, "principalName cannot be empty");
		String stored = this.redis.opsForValue().get(this.keys.consent(registeredClientId, principalName));
		if (stored == null) {
			return null;
		}
		List<String> authorities = this.json.readValue(stored, STRINGS);
		if (authorities.isEmpty()) {
			return null;
		}
		OAuth2AuthorizationConsent.Builder builder = OAuth2AuthorizationConsent.withId(registeredClientId,
				principalName);
		authorities.forEach((authority) -> builder.authority(new SimpleGrantedAuthority(authority)));
		return builder.build();
	}

}
