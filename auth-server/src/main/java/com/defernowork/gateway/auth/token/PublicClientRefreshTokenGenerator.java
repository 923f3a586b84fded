package com.defernowork.gateway.auth.token;

import java.time.Instant;
import java.util.Base64;
import java.util.function.UnaryOperator;

import com.defernowork.gateway.auth.storage.RotatedRefreshToken;

import org.springframework.security.crypto.keygen.Base64StringKeyGenerator;
import org.springframework.security.crypto.keygen.StringKeyGenerator;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * Refresh tokens for every client allowed the refresh grant, public clients included: the
 * framework's generator gives public clients none, yet MCP clients are public and must
 * not re-authorize every hour. Each value names its grant, so reuse of any replaced one
 * is recognised ({@link RotatedRefreshToken#familyValue}), and carries the vault's mark,
 * so a value that only names it is not.
 */
final class PublicClientRefreshTokenGenerator implements OAuth2TokenGenerator<OAuth2RefreshToken> {

	private final StringKeyGenerator random = new Base64StringKeyGenerator(Base64.getUrlEncoder().withoutPadding(), 48);

	private final UnaryOperator<String> mark;

	/**
	 * @param mark the value with the issuer's mark added ({@code TokenVault#marked})
	 */
	PublicClientRefreshTokenGenerator(UnaryOperator<String> mark) {
		this.mark = mark;
	}

	@Override
	public OAuth2RefreshToken generate(OAuth2TokenContext context) {
		if (!OAuth2TokenType.REFRESH_TOKEN.equals(context.getTokenType()) || !context.getRegisteredClient()
			.getAuthorizationGrantTypes()
			.contains(AuthorizationGrantType.REFRESH_TOKEN)) {
			return null;
		}
		Instant issuedAt = Instant.now();
		Instant expiresAt = issuedAt.plus(context.getRegisteredClient().getTokenSettings().getRefreshTokenTimeToLive());
		String secret = this.random.generateKey();
		String value = (context.getAuthorization() != null)
				? this.mark.apply(RotatedRefreshToken.familyValue(context.getAuthorization().getId(), secret)) : secret;
		return new OAuth2RefreshToken(value, issuedAt, expiresAt);
	}

}
