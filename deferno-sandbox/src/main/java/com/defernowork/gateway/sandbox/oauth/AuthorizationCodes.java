package com.defernowork.gateway.sandbox.oauth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/** Single-use authorization codes that live five minutes. */
@Component
final class AuthorizationCodes {

	static final Duration TTL = Duration.ofMinutes(5);

	private final SecureRandom random = new SecureRandom();

	private final Map<String, Grant> codes = new ConcurrentHashMap<>();

	private final Clock clock;

	AuthorizationCodes(Clock clock) {
		this.clock = clock;
	}

	String issue(String clientId, String redirectUri, String codeChallenge, UUID userId) {
		byte[] bytes = new byte[32];
		this.random.nextBytes(bytes);
		String code = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		Instant now = this.clock.instant();
		this.codes.values().removeIf((grant) -> grant.expiresAt().isBefore(now));
		this.codes.put(code, new Grant(clientId, redirectUri, codeChallenge, userId, now.plus(TTL)));
		return code;
	}

	/** Removes the code whatever the outcome, so it can never be tried twice. */
	Optional<Grant> consume(String code) {
		Grant grant = this.codes.remove(code);
		if (grant == null || grant.expiresAt().isBefore(this.clock.instant())) {
			return Optional.empty();
		}
		return Optional.of(grant);
	}

	record Grant(String clientId, String redirectUri, String codeChallenge, UUID userId, Instant expiresAt) {
	}

}
