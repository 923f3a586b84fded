package com.defernowork.gateway.auth.token;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

import org.springframework.security.oauth2.core.OAuth2TokenIntrospectionClaimNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;

/**
 * An access token's {@code nbf} a minute before its {@code iat}: the framework writes the
 * issuing server's instant, and every check of a token's activity (introspection, the
 * recorded answers, token exchange, a refresh's replay) compares it with no allowance, so
 * a token issued by a server whose clock runs ahead would be inactive on the others until
 * theirs catch up. A token is never presented before it is issued; the allowance only
 * absorbs clocks that differ.
 */
final class NotBeforeAllowance {

	/** How far the servers' clocks may differ for a new token to be active everywhere. */
	private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

	private NotBeforeAllowance() {
	}

	/**
	 * @param claims sets the token's claims, whichever kind of builder holds them
	 */
	static void allow(OAuth2TokenContext context, Consumer<Consumer<Map<String, Object>>> claims) {
		if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			claims.accept((values) -> values.computeIfPresent(OAuth2TokenIntrospectionClaimNames.NBF,
					(name, nbf) -> (nbf instanceof Instant instant) ? instant.minus(CLOCK_SKEW) : nbf));
		}
	}

}
