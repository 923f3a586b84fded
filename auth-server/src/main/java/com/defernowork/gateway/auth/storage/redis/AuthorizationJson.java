package com.defernowork.gateway.auth.storage.redis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import com.defernowork.gateway.auth.storage.RefreshReplay;
import com.defernowork.gateway.auth.storage.SaveMarks;
import com.defernowork.gateway.auth.storage.TokenHashes;
import com.defernowork.gateway.auth.storage.TokenIndex;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * {@link OAuth2Authorization} to and from one JSON document holding each token's
 * {@link TokenHashes hash}, never its value. The save's {@link SaveMarks} are left out
 * (the {@link RefreshReplay} is kept elsewhere: it lives shorter than the grant).
 */
final class AuthorizationJson {

	/** Every index but the state. */
	private static final List<TokenIndex> TOKENS = List.of(TokenIndex.CODE, TokenIndex.ACCESS_TOKEN,
			TokenIndex.REFRESH_TOKEN, TokenIndex.ID_TOKEN);

	private final StorageJson json;

	AuthorizationJson(StorageJson json) {
		this.json = json;
	}

	String write(OAuth2Authorization authorization) {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("id", authorization.getId());
		document.put("registeredClientId", authorization.getRegisteredClientId());
		document.put("principalName", authorization.getPrincipalName());
		document.put("grantType", authorization.getAuthorizationGrantType().getValue());
		document.put("authorizedScopes", new ArrayList<>(authorization.getAuthorizedScopes()));
		Map<String, Object> attributes = new LinkedHashMap<>(authorization.getAttributes());
		SaveMarks.removeFrom(attributes);
		document.put("attributes", attributes);
		Map<String, Object> tokens = new LinkedHashMap<>();
		for (TokenIndex index : TOKENS) {
			putToken(tokens, index.type(), authorization.getToken(index.tokenClass()));
		}
		document.put("tokens", tokens);
		String written = this.json.writeMap(document);
		try {
			this.json.readMap(written);
		}
		catch (RuntimeException ex) {
			// fail the save, not every later read
			throw new IllegalArgumentException("Authorization " + authorization.getId()
					+ " holds a type that cannot be read back from storage (admit it in GatewayJacksonModule): "
					+ ex.getMessage(), ex);
		}
		return written;
	}

	private static void putToken(Map<String, Object> tokens, String name, OAuth2Authorization.Token<?> token) {
		if (token == null) {
			return;
		}
		OAuth2Token value = token.getToken();
		Map<String, Object> stored = new LinkedHashMap<>();
		stored.put("hash", TokenHashes.hashOf(value));
		stored.put("issuedAt", value.getIssuedAt());
		stored.put("expiresAt", value.getExpiresAt());
		stored.put("metadata", token.getMetadata());
		if (value instanceof OAuth2AccessToken accessToken) {
			stored.put("tokenType", accessToken.getTokenType().getValue());
			stored.put("scopes", new ArrayList<>(accessToken.getScopes()));
		}
		tokens.put(name, stored);
	}

	Map<String, Object> read(String stored) {
		return this.json.readMap(stored);
	}

	static String registeredClientId(Map<String, Object> document) {
		return (String) document.get("registeredClientId");
	}

	static String principalName(Map<String, Object> document) {
		return (String) document.get("principalName");
	}

	@SuppressWarnings("unchecked")
	OAuth2Authorization toAuthorization(Map<String, Object> document, RegisteredClient client) {
		OAuth2Authorization.Builder builder = OAuth2Authorization.withRegisteredClient(client)
			.id((String) document.get("id"))
			.principalName(principalName(document))
			.authorizationGrantType(new AuthorizationGrantType((String) document.get("grantType")))
			.authorizedScopes(new LinkedHashSet<>((Collection<String>) document.get("authorizedScopes")))
			.attributes((attributes) -> attributes.putAll((Map<String, Object>) document.get("attributes")));
		for (TokenIndex index : TOKENS) {
			Map<String, Object> token = token(document, index.type());
			if (token != null) {
				builder.token(toToken(index, token),
						(metadata) -> metadata.putAll((Map<String, Object>) token.get("metadata")));
			}
		}
		return builder.build();
	}

	@SuppressWarnings("unchecked")
	private static OAuth2Token toToken(TokenIndex index, Map<String, Object> token) {
		String value = value(token);
		Instant issuedAt = (Instant) token.get("issuedAt");
		Instant expiresAt = (Instant) token.get("expiresAt");
		return switch (index) {
			case CODE -> new OAuth2AuthorizationCode(value, issuedAt, expiresAt);
			case ACCESS_TOKEN -> new OAuth2AccessToken(new OAuth2AccessToken.TokenType((String) token.get("tokenType")),
					value, issuedAt, expiresAt, new LinkedHashSet<>((Collection<String>) token.get("scopes")));
			case REFRESH_TOKEN -> new OAuth2RefreshToken(value, issuedAt, expiresAt);
			case ID_TOKEN -> new OidcIdToken(value, issuedAt, expiresAt,
					(Map<String, Object>) ((Map<String, Object>) token.get("metadata"))
						.get(OAuth2Authorization.Token.CLAIMS_METADATA_NAME));
			case STATE -> throw new IllegalArgumentException("the state is an attribute, not a token");
		};
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> token(Map<String, Object> document, String name) {
		return (Map<String, Object>) ((Map<String, Object>) document.get("tokens")).get(name);
	}

	/** A document of the layout before hashing holds the value. */
	private static String value(Map<String, Object> token) {
		Object hash = token.get("hash");
		return (hash != null) ? TokenHashes.standIn((String) hash) : (String) token.get("value");
	}

}
