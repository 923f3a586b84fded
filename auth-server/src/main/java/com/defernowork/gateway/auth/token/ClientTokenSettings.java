package com.defernowork.gateway.auth.token;

import com.defernowork.gateway.auth.config.AuthProperties;

import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.stereotype.Component;

/**
 * Token settings of every client: the configured lifetimes and format, refresh tokens
 * rotated on every use. Stored with each registration and re-applied at each token
 * request ({@link PublicClientTokenAuthentication}), so changed settings reach existing
 * clients too (the authorization code lifetime excepted: it is read at authorize).
 */
@Component
public final class ClientTokenSettings {

	private final AuthProperties properties;

	ClientTokenSettings(AuthProperties properties) {
		this.properties = properties;
	}

	public TokenSettings build() {
		AuthProperties.Tokens tokens = this.properties.tokens();
		return TokenSettings.builder()
			.authorizationCodeTimeToLive(tokens.codeTtl())
			.accessTokenTimeToLive(tokens.accessTokenTtl())
			.refreshTokenTimeToLive(tokens.refreshTokenTtl())
			.reuseRefreshTokens(false)
			.accessTokenFormat((this.properties.tokenFormat() == AuthProperties.TokenFormat.JWT)
					? OAuth2TokenFormat.SELF_CONTAINED : OAuth2TokenFormat.REFERENCE)
			.build();
	}

}
