package com.defernowork.gateway.auth.storage;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * The values an authorization can be found by, named as {@link OAuth2TokenType} names
 * them.
 */
public enum TokenIndex {

	STATE(OAuth2ParameterNames.STATE, null), CODE(OAuth2ParameterNames.CODE, OAuth2AuthorizationCode.class),
	ACCESS_TOKEN(OAuth2TokenType.ACCESS_TOKEN.getValue(), OAuth2AccessToken.class),
	REFRESH_TOKEN(OAuth2TokenType.REFRESH_TOKEN.getValue(), OAuth2RefreshToken.class),
	ID_TOKEN(OidcParameterNames.ID_TOKEN, OidcIdToken.class);

	private final String type;

	private final Class<? extends OAuth2Token> tokenClass;

	TokenIndex(String type, Class<? extends OAuth2Token> tokenClass) {
		this.type = type;
		this.tokenClass = tokenClass;
	}

	public String type() {
		return this.type;
	}

	/** The {@link TokenHashes hash} of the index's value, or null. */
	public String hashOf(OAuth2Authorization authorization) {
		if (this == STATE) {
			String state = authorization.getAttribute(OAuth2ParameterNames.STATE);
			return (state != null && !state.isEmpty()) ? TokenHashes.hash(state) : null;
		}
		OAuth2Authorization.Token<? extends OAuth2Token> token = authorization.getToken(this.tokenClass);
		return (token != null) ? TokenHashes.hashOf(token.getToken()) : null;
	}

	public static Map<TokenIndex, String> hashesOf(OAuth2Authorization authorization) {
		Map<TokenIndex, String> hashes = new EnumMap<>(TokenIndex.class);
		for (TokenIndex index : values()) {
			String hash = index.hashOf(authorization);
			if (hash != null) {
				hashes.put(index, hash);
			}
		}
		return hashes;
	}

	/** Null for {@link #STATE}, an attribute. */
	public Class<? extends OAuth2Token> tokenClass() {
		return this.tokenClass;
	}

	public static TokenIndex ofType(String type) {
		for (TokenIndex index : values()) {
			if (index.type.equals(type)) {
				return index;
			}
		}
		return null;
	}

	/**
	 * The indexes a {@code findByToken(value, tokenType)} searches: none when the type is
	 * unknown; without a type, the tokens a client holds. The framework looks up
	 * introspected and revoked values without a type (RFC 7662, RFC 7009) and takes what
	 * it finds for an access or refresh token: a state or a code found there would be a
	 * 500, or introspected as active.
	 */
	public static List<TokenIndex> forType(OAuth2TokenType tokenType) {
		if (tokenType == null) {
			return List.of(ACCESS_TOKEN, REFRESH_TOKEN);
		}
		return Arrays.stream(values()).filter((index) -> index.type.equals(tokenType.getValue())).toList();
	}

}
