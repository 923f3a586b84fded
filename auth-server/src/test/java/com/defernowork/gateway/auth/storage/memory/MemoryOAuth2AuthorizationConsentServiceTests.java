package com.defernowork.gateway.auth.storage.memory;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.defernowork.gateway.testsupport.MutableClock;

import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;

import static org.assertj.core.api.Assertions.assertThat;

/** As in Redis, a consent is forgotten {@code auth.consent-ttl} after it was given. */
class MemoryOAuth2AuthorizationConsentServiceTests {

	private static final Duration TTL = Duration.ofDays(30);

	private final MutableClock clock = new MutableClock();

	private final MemoryOAuth2AuthorizationConsentService consents = new MemoryOAuth2AuthorizationConsentService(TTL,
			this.clock);

	@Test
	void findByIdWhenTheTtlPassedSinceItWasGivenThenForgottenAndOthersKept() {
		this.consents.save(consent("client-1", "u-1"));
		this.clock.advance(Duration.ofDays(1));
		this.consents.save(consent("client-1", "u-2"));
		this.clock.advance(TTL.minusDays(1).minusSeconds(1));
		assertThat(this.consents.findById("client-1", "u-1")).isNotNull();

		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.consents.findById("client-1", "u-1")).isNull();
		assertThat(this.consents.findById("client-1", "u-2")).isNotNull();
	}

	@Test
	void saveWhenGivenAgainThenRememberedForTheWholeTtlFromThen() {
		this.consents.save(consent("client-1", "u-1"));
		this.clock.advance(Duration.ofDays(20));
		this.consents.save(consent("client-1", "u-1"));
		this.clock.advance(Duration.ofDays(20));

		assertThat(this.consents.findById("client-1", "u-1")).isNotNull();
	}

	@Test
	void saveWhenAnotherExpiredThenItIsNotBroughtBack() {
		this.consents.save(consent("client-1", "u-1"));
		this.clock.advance(TTL);
		this.consents.save(consent("client-2", "u-1"));

		assertThat(this.consents.findById("client-1", "u-1")).isNull();
		assertThat(this.consents.findById("client-2", "u-1")).isNotNull();
	}

	private static OAuth2AuthorizationConsent consent(String clientId, String principal) {
		return OAuth2AuthorizationConsent.withId(clientId, principal).scope("tasks:read").build();
	}

}
