package com.defernowork.gateway.auth.storage.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.storage.AuthorizationLifetime;
import com.defernowork.gateway.auth.storage.StorageFixtures;
import com.defernowork.gateway.auth.user.DefernoAuthenticationToken;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryOAuth2AuthorizationServiceExpiryTests {

	private Instant now = Instant.now();

	private final Clock clock = new Clock() {

		@Override
		public Instant instant() {
			return MemoryOAuth2AuthorizationServiceExpiryTests.this.now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	};

	private final MemoryOAuth2AuthorizationService authorizations = new MemoryOAuth2AuthorizationService(
			new AuthorizationLifetime(Duration.ofMinutes(10)), this.clock);

	private final RegisteredClient client = StorageFixtures.publicClient();

	private final DefernoAuthenticationToken person = StorageFixtures.person("u-expiry");

	@Test
	void findByIdWhenLongestTokenExpiredThenGone() {
		OAuth2Authorization saved = StorageFixtures.pending(this.client, this.person)
			.token(StorageFixtures.accessToken(this.now, Duration.ofHours(1)))
			.token(StorageFixtures.refreshToken(this.now, Duration.ofDays(30)))
			.build();
		this.authorizations.save(saved);
		String access = saved.getAccessToken().getToken().getTokenValue();

		this.now = this.now.plus(Duration.ofDays(29));
		assertThat(this.authorizations.findByToken(access, null)).isNotNull();
		this.now = this.now.plus(Duration.ofDays(2));

		assertThat(this.authorizations.findById(saved.getId())).isNull();
		assertThat(this.authorizations.findByToken(access, null)).isNull();
		assertThat(this.authorizations.findByPrincipalName(this.person.getName())).isEmpty();
	}

	@Test
	void findByIdWhenPendingLongerThanPendingTtlThenGone() {
		OAuth2Authorization pending = StorageFixtures.pending(this.client, this.person).build();
		this.authorizations.save(pending);

		this.now = this.now.plus(Duration.ofMinutes(11));

		assertThat(this.authorizations.findById(pending.getId())).isNull();
	}

}
