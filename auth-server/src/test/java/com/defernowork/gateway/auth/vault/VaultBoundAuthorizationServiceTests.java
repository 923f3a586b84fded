package com.defernowork.gateway.auth.vault;

import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Ticker;
import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.storage.AuthorizationLifetime;
import com.defernowork.gateway.auth.storage.GrantChangedException;
import com.defernowork.gateway.auth.storage.RefreshReplay;
import com.defernowork.gateway.auth.storage.RotatedRefreshToken;
import com.defernowork.gateway.auth.storage.StoredGrantMark;
import com.defernowork.gateway.auth.storage.TokenHashes;
import com.defernowork.gateway.auth.storage.UserAuthorizations;
import com.defernowork.gateway.auth.storage.memory.MemoryKeyValueStore;
import com.defernowork.gateway.auth.storage.memory.MemoryOAuth2AuthorizationService;
import com.defernowork.gateway.auth.storage.memory.MemoryScoredSets;
import com.defernowork.gateway.auth.user.DefernoAuthenticationToken;
import com.defernowork.gateway.auth.user.DefernoUser;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class VaultBoundAuthorizationServiceTests {

	private final MemoryKeyValueStore vaultStore = new MemoryKeyValueStore(Ticker.systemTicker());

	private final TokenVault vault = TestVaults.on(this.vaultStore, new MemoryScoredSets());

	private final OAuth2AuthorizationService service = TestVaults.bound(this.vault);

	private final RegisteredClient client = RegisteredClient.withId("c1")
		.clientId("mcp-client")
		.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
		.redirectUri("http://127.0.0.1:6274/callback")
		.build();

	private OAuth2Authorization grant(String handle, boolean invalidated) {
		Instant now = Instant.now();
		OAuth2AccessToken access = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "mcp-at", now,
				now.plus(Duration.ofHours(1)), Set.of("tasks:read"));
		OAuth2RefreshToken refresh = new OAuth2RefreshToken("mcp-rt", now, now.plus(Duration.ofDays(30)));
		OAuth2Authorization.Builder builder = OAuth2Authorization.withRegisteredClient(this.client)
			.id("auth-1")
			.principalName("user-1")
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.attribute(Principal.class.getName(),
					new DefernoAuthenticationToken(new DefernoUser("user-1", "alice", "Alice"), handle))
			.accessToken(access)
			.refreshToken(refresh);
		if (invalidated) {
			builder.invalidate(access).invalidate(refresh);
		}
		return builder.build();
	}

	@Test
	void findByTokenWhenAValueNamesTheGrantThenAReplacedTokenOnlyIfTheVaultMarkedIt() {
		String handle = this.vault.storeSignIn(new DefernoCredential("dfr-tok", null), TestVaults.SIGN_IN_IDLE);
		// first a refresh token issued before they were marked, then replaced
		String legacy = RotatedRefreshToken.familyValue("auth-1", "legacy");
		this.service.save(OAuth2Authorization.from(grant(handle, false))
			.refreshToken(new OAuth2RefreshToken(legacy, Instant.now(), Instant.now().plus(Duration.ofDays(30))))
			.build());
		OAuth2Authorization grant = OAuth2Authorization.from(grant(handle, false))
			.refreshToken(new OAuth2RefreshToken(this.vault.marked(RotatedRefreshToken.familyValue("auth-1", "now")),
					Instant.now(), Instant.now().plus(Duration.ofDays(30))))
			// a rotation, as the refresh grant saves one
			.attribute(RefreshReplay.ATTRIBUTE,
					new RefreshReplay(TokenHashes.hash(legacy), "k1.sealed", Instant.now().plusSeconds(30)))
			.build();
		this.service.save(grant);
		// still remembered by its own index: reuse, whatever its form
		OAuth2Authorization remembered = this.service.findByToken(legacy, OAuth2TokenType.REFRESH_TOKEN);
		assertThat(remembered).isNotNull();
		assertThat(RotatedRefreshToken.rotatedAt(remembered)).isNotNull();
		assertThat(RotatedRefreshToken.isForgotten(remembered)).isFalse();
		String replaced = this.vault.marked(RotatedRefreshToken.familyValue("auth-1", "long-ago"));

		// one the server issued and replaced too long ago to remember: reuse, to be
		// found as such
		OAuth2Authorization view = this.service.findByToken(replaced, OAuth2TokenType.REFRESH_TOKEN);
		assertThat(view).isNotNull();
		assertThat(RotatedRefreshToken.isForgotten(view)).isTrue();
		// one it never issued, though it names the grant (a client's slip, a made-up
		// value): nothing, so the grant is not ended for it
		assertThat(this.service.findByToken(replaced + "x", OAuth2TokenType.REFRESH_TOKEN)).isNull();
		assertThat(this.service.findByToken(replaced.substring(0, replaced.length() - 1), null)).isNull();
		assertThat(this.service.findByToken(RotatedRefreshToken.familyValue("auth-1", "made-up"), null)).isNull();
		assertThat(this.service.findByToken(grant.getRefreshToken().getToken().getTokenValue(),
				OAuth2TokenType.REFRESH_TOKEN))
			.isNotNull();
	}

	@Test
	void saveWhenTheGrantWriteFailsWithItsOutcomeUnknownThenTheGrantIsBoundAlready() {
		// a connection dropped after Redis wrote the grant: the client's retry gets that
		// grant's tokens, which must find their Deferno sign-in
		String handle = this.vault.storeSignIn(new DefernoCredential("dfr-tok", null), TestVaults.SIGN_IN_IDLE);
		AuthorizationLifetime lifetime = new AuthorizationLifetime(Duration.ofMinutes(10));
		VaultBoundAuthorizationService cut = new VaultBoundAuthorizationService(new CutStore(lifetime), this.vault,
				lifetime, Clock.systemUTC());
		assertThatExceptionOfType(QueryTimeoutException.class).isThrownBy(() -> cut.save(grant(handle, false)));
		assertThat(this.vault.forGrant("auth-1")).map(DefernoCredential::token).contains("dfr-tok");
	}

	@Test
	void saveWhenPrincipalHasHandleThenGrantGetsToken() {
		String handle = this.vault.storeSignIn(new DefernoCredential("dfr-tok", null), TestVaults.SIGN_IN_IDLE);
		this.service.save(grant(handle, false));
		assertThat(this.vault.forGrant("auth-1")).map(DefernoCredential::token).contains("dfr-tok");
	}

	@Test
	void removeWhenGrantRevokedThenVaultEntryDeleted() {
		String handle = this.vault.storeSignIn(new DefernoCredential("dfr-tok", null), TestVaults.SIGN_IN_IDLE);
		OAuth2Authorization authorization = grant(handle, false);
		this.service.save(authorization);
		this.service.remove(authorization);
		assertThat(this.vault.forGrant("auth-1")).isEmpty();
	}

	@Test
	void saveWhenAllTokensInvalidatedThenVaultEntryDeleted() {
		String handle = this.vault.storeSignIn(new DefernoCredential("dfr-tok", null), TestVaults.SIGN_IN_IDLE);
		this.service.save(grant(handle, false));
		this.service.save(grant(handle, true));
		assertThat(this.vault.forGrant("auth-1")).isEmpty();
	}

	@Test
	void saveWhenARotationFindsTheGrantRemovedThenNoTokenIsKeptForIt() {
		String handle = this.vault.storeSignIn(new DefernoCredential("dfr-tok", null), TestVaults.SIGN_IN_IDLE);
		OAuth2Authorization authorization = grant(handle, false);
		this.service.save(authorization);
		this.service.remove(authorization);
		Instant now = Instant.now();
		OAuth2Authorization rotation = OAuth2Authorization.from(authorization)
			.refreshToken(new OAuth2RefreshToken("mcp-rt-2", now, now.plus(Duration.ofDays(30))))
			.attribute(RefreshReplay.ATTRIBUTE,
					new RefreshReplay(TokenHashes.hash("mcp-rt"), "sealed", now.plusSeconds(30)))
			.build();

		assertThatExceptionOfType(GrantChangedException.class).isThrownBy(() -> this.service.save(rotation));
		assertThat(this.vault.forGrant("auth-1")).isEmpty();
	}

	@Test
	void saveWhenARevocationFindsTheGrantRemovedThenNoTokenIsKeptForIt() {
		String handle = this.vault.storeSignIn(new DefernoCredential("dfr-tok", null), TestVaults.SIGN_IN_IDLE);
		OAuth2Authorization authorization = grant(handle, false);
		this.service.save(authorization);
		this.service.remove(authorization);
		// the access token's revocation, as GrantRemoval saves it
		OAuth2Authorization revocation = OAuth2Authorization.from(authorization)
			.invalidate(authorization.getAccessToken().getToken())
			.attribute(StoredGrantMark.ATTRIBUTE, true)
			.build();

		assertThatExceptionOfType(GrantChangedException.class).isThrownBy(() -> this.service.save(revocation));
		assertThat(this.vault.forGrant("auth-1")).isEmpty();
		assertThat(this.service.findById("auth-1")).isNull();
	}

	@Test
	void saveWhenARotationFindsOnlyTheGrantsCopyLostThenCopiedAgainFromTheSignIn() {
		String handle = this.vault.storeSignIn(new DefernoCredential("dfr-tok", null), TestVaults.SIGN_IN_IDLE);
		OAuth2Authorization authorization = grant(handle, false);
		this.service.save(authorization);
		this.vaultStore.delete(TokenVault.key("grant:auth-1"));

		this.service.save(rotationOf(authorization));

		assertThat(this.vault.forGrant("auth-1")).map(DefernoCredential::token).contains("dfr-tok");
		assertThat(this.service.findByToken("mcp-rt-2", OAuth2TokenType.REFRESH_TOKEN)).isNotNull();
	}

	@Test
	void saveWhenAnAccessTokensRevocationFindsTheDefernoTokenLostThenSavedAllTheSame() {
		// only a save that hands out tokens is refused: ending one must not fail
		String handle = this.vault.storeSignIn(new DefernoCredential("dfr-tok", null), TestVaults.SIGN_IN_IDLE);
		OAuth2Authorization authorization = grant(handle, false);
		this.service.save(authorization);
		this.vaultStore.delete(TokenVault.key("grant:auth-1"));
		this.vault.deleteSignIn(handle);

		this.service.save(OAuth2Authorization.from(authorization)
			.invalidate(authorization.getAccessToken().getToken())
			.attribute(StoredGrantMark.ATTRIBUTE, true)
			.build());

		assertThat(this.service.findById("auth-1").getAccessToken().isInvalidated()).isTrue();
	}

	@Test
	void saveWhenARotationOfAGrantWithoutASignInThenSaved() {
		// a test sign-in, which holds no Deferno token: nothing was lost
		OAuth2Authorization authorization = grant(null, false);
		this.service.save(authorization);

		this.service.save(rotationOf(authorization));

		assertThat(this.service.findById("auth-1")).isNotNull();
	}

	private static OAuth2Authorization rotationOf(OAuth2Authorization authorization) {
		Instant now = Instant.now();
		return OAuth2Authorization.from(authorization)
			.refreshToken(new OAuth2RefreshToken("mcp-rt-2", now, now.plus(Duration.ofDays(30))))
			.attribute(RefreshReplay.ATTRIBUTE,
					new RefreshReplay(TokenHashes.hash("mcp-rt"), "sealed", now.plusSeconds(30)))
			.build();
	}

	@Test
	void saveWhenNoHandleThenNothingBound() {
		this.service.save(grant(null, false));
		assertThat(this.vault.forGrant("auth-1")).isEmpty();
	}

	/** A store whose grant write fails the way a connection dropped mid-write does. */
	private static final class CutStore implements OAuth2AuthorizationService, UserAuthorizations {

		private final MemoryOAuth2AuthorizationService memory;

		CutStore(AuthorizationLifetime lifetime) {
			this.memory = new MemoryOAuth2AuthorizationService(lifetime, Clock.systemUTC());
		}

		@Override
		public void save(OAuth2Authorization authorization) {
			throw new QueryTimeoutException("connection dropped after the write was sent");
		}

		@Override
		public void remove(OAuth2Authorization authorization) {
			this.memory.remove(authorization);
		}

		@Override
		public OAuth2Authorization findById(String id) {
			return this.memory.findById(id);
		}

		@Override
		public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
			return this.memory.findByToken(token, tokenType);
		}

		@Override
		public List<OAuth2Authorization> findByPrincipalName(String principalName) {
			return this.memory.findByPrincipalName(principalName);
		}

	}

}
