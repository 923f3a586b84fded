package com.defernowork.gateway.auth.storage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;

/**
 * Token values at rest: the stores keep the SHA-256 of every authorization code, access,
 * refresh and ID token, never the value. An authorization read back carries a stand-in
 * ({@code sha256:<hex>}) where each value was; only the token a {@code findByToken} was
 * asked for carries the presented value again ({@link #revealed}), so the framework's
 * {@code authorization.getToken(value)} still finds it. Saving an authorization with
 * stand-ins keeps their hashes. Unkeyed on purpose: every value is 256+ random bits or a
 * signed JWT, so a digest cannot be reversed, and there is no key whose loss would orphan
 * every grant.
 */
public final class TokenHashes {

	private static final String STAND_IN = "sha256:";

	private static final List<Class<? extends OAuth2Token>> TOKEN_TYPES = List.of(OAuth2AuthorizationCode.class,
			OAuth2AccessToken.class, OAuth2RefreshToken.class, OidcIdToken.class);

	private TokenHashes() {
	}

	public static String hash(String value) {
		return HexFormat.of().formatHex(sha256(value.getBytes(StandardCharsets.UTF_8)));
	}

	public static byte[] sha256(byte[] input) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(input);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every JVM", ex);
		}
	}

	/** The hash of the token's value, or the one its stand-in carries. */
	public static String hashOf(OAuth2Token token) {
		String value = token.getTokenValue();
		return isStandIn(value) ? value.substring(STAND_IN.length()) : hash(value);
	}

	/** True for a value read back from a store, which is not a usable token. */
	public static boolean isStandIn(String value) {
		return value.startsWith(STAND_IN) && value.length() == STAND_IN.length() + 64;
	}

	public static String standIn(String hash) {
		return STAND_IN + hash;
	}

	/** Every token value replaced by its stand-in, metadata unchanged. */
	public static OAuth2Authorization atRest(OAuth2Authorization authorization) {
		OAuth2Authorization.Builder builder = OAuth2Authorization.from(authorization);
		for (Class<? extends OAuth2Token> type : TOKEN_TYPES) {
			OAuth2Authorization.Token<? extends OAuth2Token> token = authorization.getToken(type);
			if (token != null && !isStandIn(token.getToken().getTokenValue())) {
				builder.token(withValue(token.getToken(), standIn(hashOf(token.getToken()))));
			}
		}
		return builder.build();
	}

	/** The token whose hash is that of {@code presented} carrying it again. */
	public static OAuth2Authorization revealed(OAuth2Authorization stored, String presented) {
		String hash = hash(presented);
		for (Class<? extends OAuth2Token> type : TOKEN_TYPES) {
			OAuth2Authorization.Token<? extends OAuth2Token> token = stored.getToken(type);
			if (token != null && hashOf(token.getToken()).equals(hash)) {
				return OAuth2Authorization.from(stored).token(withValue(token.getToken(), presented)).build();
			}
		}
		return stored;
	}

	/** The same token (type, instants, scopes, claims), another value. */
	public static OAuth2Token withValue(OAuth2Token token, String value) {
		if (token instanceof OAuth2AccessToken access) {
			return new OAuth2AccessToken(access.getTokenType(), value, access.getIssuedAt(), access.getExpiresAt(),
					access.getScopes());
		}
		if (token instanceof OAuth2RefreshToken) {
			return new OAuth2RefreshToken(value, token.getIssuedAt(), token.getExpiresAt());
		}
		if (token instanceof OAuth2AuthorizationCode) {
			return new OAuth2AuthorizationCode(value, token.getIssuedAt(), token.getExpiresAt());
		}
		if (token instanceof OidcIdToken idToken) {
			return new OidcIdToken(value, idToken.getIssuedAt(), idToken.getExpiresAt(), idToken.getClaims());
		}
		throw new IllegalArgumentException("no store keeps a " + token.getClass().getName() + " hashed");
	}

}
