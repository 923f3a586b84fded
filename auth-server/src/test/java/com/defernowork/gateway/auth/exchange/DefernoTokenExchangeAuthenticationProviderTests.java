package com.defernowork.gateway.auth.exchange;

import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Ticker;
import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.config.AllowedResources;
import com.defernowork.gateway.auth.config.AuthProperties;
import com.defernowork.gateway.auth.storage.GrantRemoval;
import com.defernowork.gateway.auth.storage.KeyValueGrantLocks;
import com.defernowork.gateway.auth.storage.memory.MemoryKeyValueStore;
import com.defernowork.gateway.auth.storage.memory.MemoryScoredSets;
import com.defernowork.gateway.auth.support.TestClients;
import com.defernowork.gateway.auth.user.DefernoAuthenticationToken;
import com.defernowork.gateway.auth.user.DefernoUser;
import com.defernowork.gateway.auth.vault.DefernoCredential;
import com.defernowork.gateway.auth.vault.TestVaults;
import com.defernowork.gateway.auth.vault.TokenVault;
import com.defernowork.gateway.model.exchange.TokenExchange;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DefernoTokenExchangeAuthenticationProviderTests {

	static final String RESOURCE = "http://localhost:8001/mcp";

	private final MemoryKeyValueStore vaultStore = new MemoryKeyValueStore(Ticker.systemTicker());

	private final TokenVault vault = TestVaults.on(this.vaultStore, new MemoryScoredSets());

	private final OAuth2AuthorizationService authorizations = TestVaults.bound(this.vault);

	private final DefernoTokenExchangeAuthenticationProvider provider = new DefernoTokenExchangeAuthenticationProvider(
			this.authorizations, this.vault,
			new GrantRemoval(this.authorizations,
					new KeyValueGrantLocks(new MemoryKeyValueStore(Ticker.systemTicker()), Duration.ofSeconds(30),
							Duration.ofSeconds(10))),
			"mcp-resource-server",
			new AllowedResources(new AuthProperties("http://localhost:9000", List.of(RESOURCE), null, null, null)),
			Clock.systemUTC());

	private final RegisteredClient rsClient = TestClients.confidential("rs", "mcp-resource-server");

	private final RegisteredClient mcpClient = TestClients.confidential("c1", "claude-code");

	/**
	 * Saves a grant of alice, as after consent and token issuance, with the Deferno token
	 * vaulted.
	 */
	private OAuth2Authorization grant(String accessToken, Instant expiresAt, Object audience,
			DefernoCredential credential) {
		String handle = this.vault.storeSignIn(credential, TestVaults.SIGN_IN_IDLE);
		Instant issuedAt = expiresAt.minus(Duration.ofHours(1));
		OAuth2Authorization authorization = OAuth2Authorization.withRegisteredClient(this.mcpClient)
			.id("auth-" + accessToken)
			.principalName("alice-id")
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.attribute(Principal.class.getName(),
					new DefernoAuthenticationToken(new DefernoUser("alice-id", "alice", "Alice"), handle))
			.token(new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, accessToken, issuedAt, expiresAt,
					Set.of("tasks:read")),
					(metadata) -> metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME,
							Map.of("aud", audience, "sub", "alice-id")))
			.build();
		this.authorizations.save(authorization);
		return authorization;
	}

	private DefernoTokenExchangeAuthenticationToken exchange(RegisteredClient client, String subjectToken,
			String resource) {
		return new DefernoTokenExchangeAuthenticationToken(TestClients.authenticated(client), subjectToken,
				TokenExchange.ACCESS_TOKEN_TYPE, TokenExchange.DEFERNO_TOKEN_TYPE, resource);
	}

	private void assertError(DefernoTokenExchangeAuthenticationToken request, String code) {
		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> this.provider.authenticate(request))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo(code));
	}

	@Test
	void exchangeWhenResourceServerAndActiveBoundTokenThenDefernoTokenExpiringWithMcpToken() {
		Instant expires = Instant.now().plus(Duration.ofMinutes(30));
		grant("mcp-at-1", expires, List.of(RESOURCE), new DefernoCredential("dfr_pat_alice", null));
		OAuth2AccessTokenAuthenticationToken result = (OAuth2AccessTokenAuthenticationToken) this.provider
			.authenticate(exchange(this.rsClient, "mcp-at-1", RESOURCE));
		assertThat(result.getAccessToken().getTokenValue()).isEqualTo("dfr_pat_alice");
		assertThat(result.getAccessToken().getTokenType()).isEqualTo(OAuth2AccessToken.TokenType.BEARER);
		assertThat(result.getAccessToken().getExpiresAt()).isEqualTo(expires);
		assertThat(result.getRefreshToken()).isNull();
		assertThat(result.getAdditionalParameters()).containsEntry("issued_token_type",
				TokenExchange.DEFERNO_TOKEN_TYPE);
	}

	@Test
	void exchangeWhenDefernoTokenExpiresFirstThenItsExpiryAndNoResourceMeansAnyOfOurs() {
		Instant defernoExpiry = Instant.now().plus(Duration.ofMinutes(5));
		grant("mcp-at-2", Instant.now().plus(Duration.ofMinutes(50)), RESOURCE,
				new DefernoCredential("dfr_session", defernoExpiry));
		OAuth2AccessTokenAuthenticationToken result = (OAuth2AccessTokenAuthenticationToken) this.provider
			.authenticate(exchange(this.rsClient, "mcp-at-2", null));
		assertThat(result.getAccessToken().getExpiresAt())
			.isEqualTo(java.time.Instant.ofEpochSecond(defernoExpiry.getEpochSecond()));
	}

	@Test
	void exchangeWhenOtherClientThenUnauthorizedClient() {
		grant("mcp-at-3", Instant.now().plus(Duration.ofMinutes(30)), List.of(RESOURCE),
				new DefernoCredential("dfr", null));
		assertError(exchange(this.mcpClient, "mcp-at-3", RESOURCE), "unauthorized_client");
	}

	@Test
	void exchangeWhenSubjectTokenUnknownOrExpiredThenInvalidRequest() {
		assertError(exchange(this.rsClient, "never-issued", RESOURCE), "invalid_request");
		grant("mcp-at-4", Instant.now().minus(Duration.ofMinutes(1)), List.of(RESOURCE),
				new DefernoCredential("dfr", null));
		assertError(exchange(this.rsClient, "mcp-at-4", RESOURCE), "invalid_request");
	}

	@Test
	void exchangeWhenSubjectTokenRevokedThenInvalidRequest() {
		OAuth2Authorization authorization = grant("mcp-at-5", Instant.now().plus(Duration.ofMinutes(30)),
				List.of(RESOURCE), new DefernoCredential("dfr", null));
		this.authorizations.save(
				OAuth2Authorization.from(authorization).invalidate(authorization.getAccessToken().getToken()).build());
		assertError(exchange(this.rsClient, "mcp-at-5", RESOURCE), "invalid_request");
	}

	@Test
	void exchangeWhenAudienceIsAnotherResourceThenInvalidRequest() {
		grant("mcp-at-6", Instant.now().plus(Duration.ofMinutes(30)), List.of("https://other.example/mcp"),
				new DefernoCredential("dfr", null));
		assertError(exchange(this.rsClient, "mcp-at-6", RESOURCE), "invalid_request");
		assertError(exchange(this.rsClient, "mcp-at-6", null), "invalid_request");
	}

	@Test
	void exchangeWhenGrantHoldsNoUsableDefernoSignInThenInvalidRequest() {
		grant("mcp-at-8", Instant.now().plus(Duration.ofMinutes(30)), List.of(RESOURCE),
				new DefernoCredential("dfr", Instant.now().minus(Duration.ofSeconds(1))));
		assertError(exchange(this.rsClient, "mcp-at-8", RESOURCE), "invalid_request");
	}

	@Test
	void exchangeWhenTheGrantsDefernoTokenIsLostThenRefusedAndTheGrantEnded() {
		OAuth2Authorization lost = grant("mcp-at-9", Instant.now().plus(Duration.ofMinutes(30)), List.of(RESOURCE),
				new DefernoCredential("dfr", null));
		// evicted by Redis, with the sign-in's: nothing can give the grant its token
		// again
		this.vaultStore.delete("vault:grant:" + lost.getId());

		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> this.provider.authenticate(exchange(this.rsClient, "mcp-at-9", RESOURCE)))
			.satisfies((ex) -> {
				assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_request");
				assertThat(ex.getError().getUri()).isEqualTo(TokenExchange.SUBJECT_TOKEN_REFUSED_URI);
				assertThat(ex.getError().getDescription()).contains("revoked", "signing in");
			});
		// so that the client's refresh fails too, and it signs the person in again
		assertThat(this.authorizations.findById(lost.getId())).isNull();
	}

	@Test
	void exchangeWhenTheGrantsEntryIsThereButSealedWithAKeyThisServerLacksThenRefusedAndTheGrantKept() {
		// a key rotation under way: another server can still open it
		OAuth2Authorization grant = grant("mcp-at-10", Instant.now().plus(Duration.ofMinutes(30)), List.of(RESOURCE),
				new DefernoCredential("dfr", null));
		this.vaultStore.put("vault:grant:" + grant.getId(), "other-key.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", null);

		assertError(exchange(this.rsClient, "mcp-at-10", RESOURCE), "invalid_request");
		assertThat(this.authorizations.findById(grant.getId())).isNotNull();
	}

	@Test
	void exchangeWhenResourceIsNotServedThenInvalidTarget() {
		grant("mcp-at-7", Instant.now().plus(Duration.ofMinutes(30)), List.of(RESOURCE),
				new DefernoCredential("dfr", null));
		assertError(exchange(this.rsClient, "mcp-at-7", "https://other.example/mcp"), "invalid_target");
	}

	@Test
	void exchangeWhenSubjectTokenRefusedThenMarkedAsSuchAndARequestFaultNot() {
		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> this.provider.authenticate(exchange(this.rsClient, "never-issued", RESOURCE)))
			.satisfies((ex) -> assertThat(ex.getError().getUri()).isEqualTo(TokenExchange.SUBJECT_TOKEN_REFUSED_URI));
		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> this.provider
				.authenticate(new DefernoTokenExchangeAuthenticationToken(TestClients.authenticated(this.rsClient), "x",
						"urn:ietf:params:oauth:token-type:id_token", null, null)))
			.satisfies((ex) -> assertThat(ex.getError().getUri()).isNull());
	}

	@Test
	void exchangeWhenWrongTokenTypesThenInvalidRequest() {
		assertError(new DefernoTokenExchangeAuthenticationToken(TestClients.authenticated(this.rsClient), "x",
				"urn:ietf:params:oauth:token-type:id_token", null, null), "invalid_request");
		assertError(
				new DefernoTokenExchangeAuthenticationToken(TestClients.authenticated(this.rsClient), "x",
						TokenExchange.ACCESS_TOKEN_TYPE, "urn:ietf:params:oauth:token-type:access_token", null),
				"invalid_request");
	}

	@Test
	void exchangeWhenResourceWrittenWithTrailingSlashOrUpperCaseHostThenSameResourceAsAtAuthorize() {
		grant("mcp-at-slash", Instant.now().plus(Duration.ofMinutes(30)), List.of(RESOURCE),
				new DefernoCredential("dfr-slash", null));
		String variant = RESOURCE.replace("localhost", "LOCALHOST") + "/";
		assertThat(this.provider.authenticate(exchange(this.rsClient, "mcp-at-slash", variant))).isNotNull();
	}

}
