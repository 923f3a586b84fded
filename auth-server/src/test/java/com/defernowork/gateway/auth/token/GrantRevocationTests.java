package com.defernowork.gateway.auth.token;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.support.TestClients;
import com.defernowork.gateway.auth.user.DefernoAuthenticationToken;
import com.defernowork.gateway.auth.user.DefernoUser;
import com.defernowork.gateway.auth.vault.DefernoCredential;
import com.defernowork.gateway.auth.vault.TestVaults;
import com.defernowork.gateway.auth.vault.TokenVault;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenRevocationAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import com.defernowork.gateway.auth.storage.GrantLocks;
import com.defernowork.gateway.auth.storage.GrantRemoval;
import com.defernowork.gateway.auth.storage.KeyValueGrantLocks;
import com.defernowork.gateway.auth.storage.memory.MemoryKeyValueStore;
import com.github.benmanes.caffeine.cache.Ticker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class GrantRevocationTests {

	private final TokenVault vault = TestVaults.inMemory();

	private final OAuth2AuthorizationService authorizations = TestVaults.bound(this.vault);

	private final GrantLocks locks = new KeyValueGrantLocks(new MemoryKeyValueStore(Ticker.systemTicker()),
			Duration.ofSeconds(30), Duration.ofSeconds(10));

	private final GrantRevocation revocation = new GrantRevocation(this.authorizations,
			new GrantRemoval(this.authorizations, this.locks), this.vault, "mcp-resource-server");

	private final RegisteredClient rsClient = TestClients.confidential("rs", "mcp-resource-server");

	private final RegisteredClient mcpClient = TestClients.confidential("c1", "claude-code");

	private final RegisteredClient otherClient = TestClients.confidential("c2", "cursor");

	/** A grant of alice to the MCP client, with its Deferno token vaulted. */
	private OAuth2Authorization grant(String name) {
		String handle = this.vault.storeSignIn(new DefernoCredential("dfr-" + name, null), TestVaults.SIGN_IN_IDLE);
		Instant now = Instant.now();
		OAuth2Authorization grant = OAuth2Authorization.withRegisteredClient(this.mcpClient)
			.id("auth-" + name)
			.principalName("alice-id")
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.attribute(Principal.class.getName(),
					new DefernoAuthenticationToken(new DefernoUser("alice-id", "alice", "Alice"), handle))
			.attribute(OAuth2ParameterNames.STATE, "state-" + name)
			.token(new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "at-" + name, now,
					now.plus(Duration.ofHours(1)), Set.of("tasks:read")))
			.refreshToken(new OAuth2RefreshToken("rt-" + name, now, now.plus(Duration.ofDays(30))))
			.build();
		this.authorizations.save(grant);
		return grant;
	}

	private static String signInOf(OAuth2Authorization grant) {
		return grant.<DefernoAuthenticationToken>getAttribute(Principal.class.getName()).getUpstreamHandle();
	}

	private Authentication revoke(String token, RegisteredClient by) {
		return this.revocation
			.authenticate(new OAuth2TokenRevocationAuthenticationToken(token, TestClients.authenticated(by), null));
	}

	@Test
	void revokeWhenResourceServerRevokesAnAccessTokenThenWholeGrantAndDefernoTokenGone() {
		OAuth2Authorization grant = grant("1");
		assertThat(this.vault.forGrant(grant.getId())).isPresent();
		assertThat(revoke("at-1", this.rsClient)).isNotNull();
		assertThat(this.authorizations.findById(grant.getId())).isNull();
		assertThat(this.vault.forGrant(grant.getId())).isEmpty();
		// the browser's sign-in held the same refused token: its session signs in at
		// Deferno again, rather than copying it into the next grant
		assertThat(this.vault.hasSignIn(signInOf(grant))).isFalse();
	}

	@Test
	void revokeWhenClientRevokesItsOwnRefreshTokenThenWholeGrantGone() {
		OAuth2Authorization grant = grant("2");
		assertThat(revoke("rt-2", this.mcpClient)).isNotNull();
		assertThat(this.authorizations.findById(grant.getId())).isNull();
		// the person's other apps can still be approved from this browser
		assertThat(this.vault.hasSignIn(signInOf(grant))).isTrue();
	}

	@Test
	void revokeWhenClientRevokesItsOwnAccessTokenThenThatTokenAlone() {
		grant("3");
		assertThat(revoke("at-3", this.mcpClient)).isNotNull();
		OAuth2Authorization grant = this.authorizations.findById("auth-3");
		assertThat(grant.getAccessToken().isInvalidated()).isTrue();
		assertThat(grant.getRefreshToken().isActive()).isTrue();
	}

	@Test
	void revokeWhenClientRevokesItsOwnAccessTokenWhileTheGrantIsRemovedThenItWaitsAndTheGrantStaysGone()
			throws Exception {
		OAuth2Authorization grant = grant("6");
		Thread revoking = new Thread(() -> revoke("at-6", this.mcpClient));
		this.locks.withLock(grant.getId(), () -> {
			revoking.start();
			// it waits for the lock, having read the grant before it is removed
			await().atMost(Duration.ofSeconds(5)).until(() -> revoking.getState() == Thread.State.TIMED_WAITING);
			this.authorizations.remove(grant);
			return null;
		});
		revoking.join(5_000);
		assertThat(revoking.isAlive()).isFalse();
		assertThat(this.authorizations.findById(grant.getId())).isNull();
		assertThat(this.vault.forGrant(grant.getId())).isEmpty();
	}

	@Test
	void revokeWhenTokenUnknownThenNotAnError() {
		assertThat(revoke("never-issued", this.mcpClient)).isNotNull();
	}

	@Test
	void revokeWhenClientRevokesAnotherClientsTokenThenUnauthorizedClientAndNothingRemoved() {
		grant("5");
		for (String token : new String[] { "rt-5", "at-5" }) {
			assertThatExceptionOfType(OAuth2AuthenticationException.class)
				.isThrownBy(() -> revoke(token, this.otherClient))
				.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("unauthorized_client"));
		}
		assertThat(this.authorizations.findById("auth-5")).isNotNull();
	}

	@Test
	void revokeWhenResourceServerSendsAPendingAuthorizationsStateThenUnknownTokenNotAnErrorAndNothingRemoved() {
		grant("4");
		assertThat(revoke("state-4", this.rsClient)).isNotNull();
		assertThat(this.authorizations.findById("auth-4")).isNotNull();
	}

}
