package com.defernowork.gateway.auth.token;

import java.util.TreeSet;

import com.defernowork.gateway.model.scope.Scopes;

import org.springframework.security.oauth2.core.OAuth2TokenIntrospectionClaimNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * JWT access tokens in the shape of RFC 9068: typed {@code at+jwt} (§2.1), so that no
 * other JWT signed with the same key passes for one, with {@code client_id} and
 * {@code scope} as one space-separated string (§2.2). The framework's generator already
 * writes {@code iss}, {@code sub}, {@code exp}, {@code iat} and {@code jti};
 * {@link ResourceBinding} writes {@code aud}.
 */
final class AccessTokenProfile implements OAuth2TokenCustomizer<JwtEncodingContext> {

	private static final String TYPE = "at+jwt";

	@Override
	public void customize(JwtEncodingContext context) {
		if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			return;
		}
		context.getJwsHeader().type(TYPE);
		context.getClaims()
			.claim(OAuth2TokenIntrospectionClaimNames.CLIENT_ID, context.getRegisteredClient().getClientId());
		// the framework writes a JSON array; sorted, so one grant always gives one string
		if (!context.getAuthorizedScopes().isEmpty()) {
			context.getClaims()
				.claim(OAuth2TokenIntrospectionClaimNames.SCOPE,
						Scopes.join(new TreeSet<>(context.getAuthorizedScopes())));
		}
	}

}
