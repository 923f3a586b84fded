package com.defernowork.gateway.auth.token;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.springframework.security.oauth2.core.OAuth2TokenIntrospectionClaimNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenClaimsContext;

/**
 * An access token's {@code nbf} a minute before its {@code iat}: the framework writes the
 * issuing server's instant, and every check of a token's activity (introspection, the
 * recorded answers, token exchange, a refresh's replay) compares it with no allowance, so
 * a token issued by an auth server whose clock ran two seconds ahead was inactive on the
 * others for those two seconds, and a resource server remembered that for its negative
 * cache's five more. A token is never presented before it is issued; the allowance only
 * absorbs clocks that differ, up to what the servers tolerate.
 */
final class NotBeforeAllowance {

	/** How far the servers' clocks may differ for a new token to be active everywhere. */
	static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

	private NotBeforeAllowance() {
	}

	static void customize(OAuth2TokenClaimsContext context) {
		if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			context.getClaims().claims(NotBeforeAllowance::allow);
		}
	}

	static void customize(JwtEncodingContext context) {
		if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			context.getClaims().claims(NotBeforeAllowance::allow);
		}
	}

	private static void allow(Map<String, Object> claims) {
		claims.computeIfPresent(OAuth2TokenIntrospectionClaimNames.NBF,
				(name, notBefore) -> (notBefore instanceof Instant instant) ? instant.minus(CLOCK_SKEW) : notBefore);
	}

}
