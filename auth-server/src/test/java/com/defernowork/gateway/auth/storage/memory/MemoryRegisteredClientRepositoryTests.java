package com.defernowork.gateway.auth.storage.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.config.NewClients;
import com.defernowork.gateway.auth.config.StaticClients;
import com.defernowork.gateway.auth.storage.StorageFixtures;

import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryRegisteredClientRepositoryTests {

	private Instant now = Instant.parse("2026-01-01T00:00:00Z");

	private final Clock clock = new Clock() {

		@Override
		public Instant instant() {
			return MemoryRegisteredClientRepositoryTests.this.now;
		}

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	};

	private final MemoryRegisteredClientRepository clients = new MemoryRegisteredClientRepository(Duration.ofDays(30),
			this.clock);

	@Test
	void reapWhenTheClientHadConsentsThenTheyGoWithItAndOtherClientsConsentsStay() {
		MemoryOAuth2AuthorizationConsentService consents = new MemoryOAuth2AuthorizationConsentService(
				Duration.ofDays(365), this.clock);
		this.clients.onReaped(consents::removeClient);
		RegisteredClient idle = StorageFixtures.publicClient();
		RegisteredClient used = StorageFixtures.publicClient();
		this.clients.save(idle);
		this.clients.save(used);
		consents.save(OAuth2AuthorizationConsent.withId(idle.getId(), "u-1").scope("tasks:read").build());
		consents.save(OAuth2AuthorizationConsent.withId(idle.getId(), "u-2").scope("tasks:read").build());
		consents.save(OAuth2AuthorizationConsent.withId(used.getId(), "u-1").scope("tasks:read").build());
		this.now = this.now.plus(Duration.ofDays(20));
		this.clients.findById(used.getId());
		this.now = this.now.plus(Duration.ofDays(11));

		assertThat(this.clients.reap()).containsExactly(idle.getClientId());

		assertThat(consents.findById(idle.getId(), "u-1")).isNull();
		assertThat(consents.findById(idle.getId(), "u-2")).isNull();
		assertThat(consents.findById(used.getId(), "u-1")).isNotNull();
	}

	@Test
	void findByClientIdWhenUsedWithinIdleTtlThenKeptAlive() {
		RegisteredClient client = StorageFixtures.publicClient();
		this.clients.save(client);
		this.now = this.now.plus(Duration.ofDays(20));
		assertThat(this.clients.findByClientId(client.getClientId())).isEqualTo(client);
		this.now = this.now.plus(Duration.ofDays(20));

		assertThat(this.clients.findByClientId(client.getClientId())).isEqualTo(client);
	}

	@Test
	void findByClientIdWhenNewClientGivenNoTokenThenReapedAfterFirstTokenTtlHoweverOftenLookedUp() {
		this.clients.setUnclaimedTtl(Duration.ofHours(1));
		RegisteredClient fresh = StorageFixtures.unclaimedPublicClient();
		this.clients.save(fresh);
		this.now = this.now.plus(Duration.ofMinutes(40));
		assertThat(this.clients.findByClientId(fresh.getClientId())).isEqualTo(fresh);
		this.now = this.now.plus(Duration.ofMinutes(21));

		assertThat(this.clients.findByClientId(fresh.getClientId())).isNull();
		assertThat(this.clients.reap()).containsExactly(fresh.getClientId());
	}

	@Test
	void findByClientIdWhenNewClientSavedAsGivenATokenThenKeptForTheIdleTtl() {
		this.clients.setUnclaimedTtl(Duration.ofHours(1));
		RegisteredClient fresh = StorageFixtures.unclaimedPublicClient();
		this.clients.save(fresh);
		this.now = this.now.plus(Duration.ofMinutes(59));
		this.clients.save(NewClients.claimed(fresh));
		this.now = this.now.plus(Duration.ofDays(20));

		RegisteredClient kept = this.clients.findByClientId(fresh.getClientId());
		assertThat(kept).isNotNull();
		assertThat(NewClients.isUnclaimed(kept)).isFalse();
	}

	@Test
	void findByIdWhenIdleTooLongThenReaped() {
		RegisteredClient client = StorageFixtures.publicClient();
		this.clients.save(client);
		this.now = this.now.plus(Duration.ofDays(31));

		assertThat(this.clients.findById(client.getId())).isNull();
		assertThat(this.clients.findByClientId(client.getClientId())).isNull();
	}

	@Test
	void reapWhenIdleTooLongThenRemovedAndNamedOnceWhileUsedAndStaticClientsStay() {
		RegisteredClient idle = StorageFixtures.publicClient();
		RegisteredClient used = StorageFixtures.publicClient();
		RegisteredClient fixed = RegisteredClient.from(StorageFixtures.publicClient())
			.clientSettings(ClientSettings.builder().setting(StaticClients.SETTING, true).build())
			.build();
		this.clients.save(idle);
		this.clients.save(used);
		this.clients.save(fixed);
		assertThat(this.clients.reap()).isEmpty();
		this.now = this.now.plus(Duration.ofDays(20));
		this.clients.findById(used.getId());
		this.now = this.now.plus(Duration.ofDays(11));

		assertThat(this.clients.reap()).containsExactly(idle.getClientId());
		assertThat(this.clients.reap()).isEmpty();
		assertThat(this.clients.findByClientId(used.getClientId())).isEqualTo(used);
		assertThat(this.clients.findByClientId(fixed.getClientId())).isEqualTo(fixed);
	}

	@Test
	void reapWhenIdleClientSavedAgainThenKept() {
		RegisteredClient client = StorageFixtures.publicClient();
		this.clients.save(client);
		this.now = this.now.plus(Duration.ofDays(31));
		this.clients.save(client);

		assertThat(this.clients.reap()).isEmpty();
		assertThat(this.clients.findById(client.getId())).isEqualTo(client);
	}

	@Test
	void findByIdWhenStaticThenNeverReaped() {
		RegisteredClient client = RegisteredClient.from(StorageFixtures.publicClient())
			.clientSettings(ClientSettings.builder().setting(StaticClients.SETTING, true).build())
			.build();
		this.clients.save(client);
		this.now = this.now.plus(Duration.ofDays(400));

		assertThat(this.clients.findById(client.getId())).isEqualTo(client);
	}

}
