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

	private static String describe(AuthenticationException ex) {
		String message = ex.getMessage();
		return (message != null && !message.isBlank()) ? message : "The access token is not valid";
	}

}
