package com.defernowork.gateway.mcp.security.chain;

import java.io.IOException;

import com.defernowork.gateway.mcp.security.BearerChallenges;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Every authentication failure on {@code /mcp} — no token, a malformed header, an
 * unknown, expired, revoked or foreign token — is a 401 with the sign-in challenge,
 * {@code invalid_token} unless no bearer token was sent at all (RFC 6750 §3.1). The stock
 * entry point answers 400 for {@code invalid_request} (e.g. two tokens), which makes MCP
 * clients loop instead of signing in.
 */
final class InvalidTokenEntryPoint implements AuthenticationEntryPoint {

	/** Spring Security's words for a token introspection says is not active. */
	private static final String NOT_ACTIVE = "Provided token isn't active";

	/** How Spring Security's JWT decoding starts every failure. */
	private static final String JWT_DECODE_FAILED = "An error occurred while attempting to decode the Jwt: ";

	/** Nimbus's and Spring's timestamp validator's words for an expired JWT. */
	private static final String JWT_EXPIRED = "Jwt expired at ";

	private final BearerChallenges challenges;

	InvalidTokenEntryPoint(BearerChallenges challenges) {
		this.challenges = challenges;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		if (authException instanceof InsufficientAuthenticationException) {
			this.challenges.writeNoToken(response, "A bearer token is required in the Authorization header");
		}
		else {
			this.challenges.writeInvalidToken(response, describe(authException));
		}
	}

	/**
	 * Ours as written; the framework's in words an agent acts on: "Provided token isn't
	 * active" (introspection's {@code active: false}) and the JWT decoder's prefix and
	 * expiry say neither what happened nor what to do.
	 */
	private static String describe(AuthenticationException ex) {
		String message = ex.getMessage();
		if (message == null || message.isBlank()) {
			return "The access token is not valid";
		}
		if (message.equals(NOT_ACTIVE)) {
			return "The access token is not active: it expired, was revoked, or was not issued by this server's "
					+ "authorization server; refresh it, or sign in again";
		}
		String jwt = message.startsWith(JWT_DECODE_FAILED) ? message.substring(JWT_DECODE_FAILED.length()) : message;
		if (jwt.isBlank() || jwt.equals("null")) {
			// the decoder's words for a failure without a message of its own
			return "The access token is not valid";
		}
		if (jwt.startsWith(JWT_EXPIRED)) {
			return "The access token expired at " + jwt.substring(JWT_EXPIRED.length())
					+ "; refresh it, or sign in again";
		}
		return jwt;
	}

}
