package com.defernowork.gateway.auth.vault;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.user.DefernoAuthenticationToken;
import com.defernowork.gateway.auth.user.DefernoUser;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import static org.assertj.core.api.Assertions.assertThat;

class VaultBoundAuthorizationServiceTests {

	private final TokenVault vault = TestVaults.inMemory();

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
	void saveWhenPrincipalHasHandleThenGrantGetsToken() {
		String handle = this.vault.storeSignIn(new DefernoCredential("dfr-tok", null));
		this.service.save(grant(handle, false));
		assertThat(this.vault.forGrant("auth-1")).map(DefernoCredential::token).contains("dfr-tok");
	}

	@Test
	void removeWhenGrantRevokedThenVaultEntryDeleted() {
		String handle = this.vault.storeSignIn(new DefernoCredential("dfr-tok", null));
		OAuth2Authorization authorization = grant(handle, false);
		this.service.save(authorization);
		this.service.remove(authorization);
		assertThat(this.vault.forGrant("auth-1")).isEmpty();
	}

	@Test
	void saveWhenAllTokensInvalidatedThenVaultEntryDeleted() {
		String handle = this.vault.storeSignIn(new DefernoCredential("dfr-tok", null));
		this.service.save(grant(handle, false));
		this.service.save(grant(handle, true));
		assertThat(this.vault.forGrant("auth-1")).isEmpty();
	}

	@Test
	void saveWhenNoHandleThenNothingBound() {
		this.service.save(grant(null, false));
		assertThat(this.vault.forGrant("auth-1")).isEmpty();
	}

}
