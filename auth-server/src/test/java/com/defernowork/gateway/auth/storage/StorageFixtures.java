package com.defernowork.gateway.auth.storage;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.defernowork.gateway.auth.config.NewClients;
import com.defernowork.gateway.auth.user.DefernoAuthenticationToken;
import com.defernowork.gateway.auth.user.DefernoUser;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/** Clients and authorizations shaped like those Spring Authorization Server stores. */
public final class StorageFixtures {

	public static final String RESOURCE = "http://localhost:8001/mcp";

	private StorageFixtures() {
	}

	public static RegisteredClient publicClient() {
		String id = UUID.randomUUID().toString();
		return RegisteredClient.withId(id)
			.clientId("client-" + id)
			.clientIdIssuedAt(Instant.now().truncatedTo(ChronoUnit.SECONDS))
			.clientName("Claude Code (test)")
			.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
			.redirectUri("http://127.0.0.1:33418/callback")
			.scope("tasks:read")
			.scope("plan:read")
			.clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(true).build())
			.tokenSettings(TokenSettings.builder()
				.accessTokenTimeToLive(Duration.ofHours(1))
				.accessTokenFormat(OAuth2TokenFormat.REFERENCE)
				.refreshTokenTimeToLive(Duration.ofDays(30))
				.reuseRefreshTokens(false)
				.build())
			.build();
	}

	/** A public client as dynamic registration saves it: unclaimed. */
	public static RegisteredClient unclaimedPublicClient() {
		RegisteredClient client = publicClient();
		return RegisteredClient.from(client)
			.clientSettings(ClientSettings.withSettings(client.getClientSettings().getSettings())
				.setting(NewClients.SETTING, true)
				.build())
			.build();
	}

	public static DefernoAuthenticationToken person(String userId) {
		return new DefernoAuthenticationToken(new DefernoUser(userId, "alice", "Alice A."), "vault-" + userId);
	}

	/**
	 * An authorization as saved when the authorization request arrives: state, request
	 * and principal only.
	 */
	public static OAuth2Authorization.Builder pending(RegisteredClient client, DefernoAuthenticationToken person) {
		String state = "state-" + UUID.randomUUID();
		OAuth2AuthorizationRequest request = OAuth2AuthorizationRequest.authorizationCode()
			.authorizationUri("http://localhost:9000/oauth2/authorize")
			.clientId(client.getClientId())
			.redirectUri(client.getRedirectUris().iterator().next())
			.scopes(Set.of("tasks:read", "plan:read"))
			.state("client-state")
			.additionalParameters(
					Map.of("resource", RESOURCE, "code_challenge", "abc", "code_challenge_method", "S256"))
			.build();
		return OAuth2Authorization.withRegisteredClient(client)
			.id(UUID.randomUUID().toString())
			.principalName(person.getName())
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.attribute(Principal.class.getName(), person)
			.attribute(OAuth2AuthorizationRequest.class.getName(), request)
			.attribute(OAuth2ParameterNames.STATE, state);
	}

	public static OAuth2AuthorizationCode code(Instant now) {
		return new OAuth2AuthorizationCode("code-" + UUID.randomUUID(), now, now.plus(Duration.ofMinutes(5)));
	}

	public static OAuth2AccessToken accessToken(Instant now, Duration ttl) {
		return new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "access-" + UUID.randomUUID(), now,
				now.plus(ttl), Set.of("tasks:read", "plan:read"));
	}

	public static OAuth2RefreshToken refreshToken(Instant now, Duration ttl) {
		return new OAuth2RefreshToken("refresh-" + UUID.randomUUID(), now, now.plus(ttl));
	}

	public static OidcIdToken idToken(Instant now, String subject) {
		return OidcIdToken.withTokenValue("id-" + UUID.randomUUID())
			.issuedAt(now)
			.expiresAt(now.plus(Duration.ofMinutes(30)))
			.subject(subject)
			.audience(List.of("client"))
			.build();
	}

	/** Claims metadata as SAS records it for an opaque access token. */
	public static Map<String, Object> claims(String subject, Instant now) {
		return Map.of("sub", subject, "aud", List.of(RESOURCE), "iat", now, "exp", now.plus(Duration.ofHours(1)),
				"scope", Set.of("tasks:read", "plan:read"));
	}

}
