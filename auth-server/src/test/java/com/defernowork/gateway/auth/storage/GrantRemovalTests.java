package com.defernowork.gateway.auth.storage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.storage.memory.MemoryOAuth2AuthorizationService;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

import static org.assertj.core.api.Assertions.assertThat;

class GrantRemovalTests {

	private final MemoryOAuth2AuthorizationService store = new MemoryOAuth2AuthorizationService(
			new AuthorizationLifetime(Duration.ofMinutes(10)), Clock.systemUTC());

	/** A lock that could not be had in time: the removal goes on without it. */
	private final GrantLocks busy = new GrantLocks() {
		@Override
		public <T> T withLock(String authorizationId, Supplier<T> work) {
			throw new GrantBusyException("grant is busy");
		}
	};

	@Test
	void invalidateAccessTokenWhenARotationLandsBetweenItsReadAndSaveThenNothingFailsAndTheNewTokensStay() {
		Instant now = Instant.now();
		OAuth2Authorization grant = savedGrant(now);
		OAuth2Authorization rotated = OAuth2Authorization.from(grant)
			.accessToken(StorageFixtures.accessToken(now, Duration.ofHours(1)))
			.refreshToken(StorageFixtures.refreshToken(now, Duration.ofDays(1)))
			.attribute(RefreshReplay.ATTRIBUTE,
					new RefreshReplay(TokenHashes.hashOf(grant.getRefreshToken().getToken()), "sealed",
							now.plusSeconds(30)))
			.build();
		String oldAccess = grant.getAccessToken().getToken().getTokenValue();
		// a rotation saved right after the revocation read the grant, the lock being busy
		OAuth2AuthorizationService racing = new Racing(this.store, () -> this.store.save(rotated));

		new GrantRemoval(racing, this.busy).invalidateAccessToken(grant.getId(), oldAccess);

		String newAccess = rotated.getAccessToken().getToken().getTokenValue();
		assertThat(this.store.findByToken(newAccess, OAuth2TokenType.ACCESS_TOKEN).getAccessToken().isActive())
			.isTrue();
		assertThat(this.store.findByToken(oldAccess, OAuth2TokenType.ACCESS_TOKEN)).isNull();
	}

	@Test
	void invalidateAccessTokenWhenARemovalLandsBetweenItsReadAndSaveThenTheGrantStaysGone() {
		Instant now = Instant.now();
		OAuth2Authorization grant = savedGrant(now);
		// a disconnect that could not wait for the lock, right after the revocation read
		OAuth2AuthorizationService racing = new Racing(this.store, () -> this.store.remove(grant));

		new GrantRemoval(racing, this.busy).invalidateAccessToken(grant.getId(),
				grant.getAccessToken().getToken().getTokenValue());

		assertThat(this.store.findById(grant.getId())).isNull();
		assertThat(this.store.findByToken(grant.getRefreshToken().getToken().getTokenValue(),
				OAuth2TokenType.REFRESH_TOKEN))
			.isNull();
		assertThat(this.store.findByPrincipalName("u1")).isEmpty();
	}

	private OAuth2Authorization savedGrant(Instant now) {
		OAuth2Authorization grant = StorageFixtures
			.pending(StorageFixtures.publicClient(), StorageFixtures.person("u1"))
			.authorizedScopes(Set.of("tasks:read"))
			.accessToken(StorageFixtures.accessToken(now, Duration.ofHours(1)))
			.refreshToken(StorageFixtures.refreshToken(now, Duration.ofDays(1)))
			.build();
		this.store.save(grant);
		return grant;
	}

	/** The store, with a change of someone else's after its first read. */
	private static final class Racing implements OAuth2AuthorizationService {

		private final OAuth2AuthorizationService store;

		private Runnable afterFirstRead;

		Racing(OAuth2AuthorizationService store, Runnable afterFirstRead) {
			this.store = store;
			this.afterFirstRead = afterFirstRead;
		}

		@Override
		public void save(OAuth2Authorization authorization) {
			this.store.save(authorization);
		}

		@Override
		public void remove(OAuth2Authorization authorization) {
			this.store.remove(authorization);
		}

		@Override
		public OAuth2Authorization findById(String id) {
			return this.store.findById(id);
		}

		@Override
		public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
			OAuth2Authorization found = this.store.findByToken(token, tokenType);
			if (this.afterFirstRead != null) {
				this.afterFirstRead.run();
				this.afterFirstRead = null;
			}
			return found;
		}

	}

}
