package com.defernowork.gateway.mcp.security;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.defernowork.gateway.web.logging.RateLimitedWarning;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * JWT mode's decoder, saying in the log (at most every 10 s) when a bearer token is not a
 * JWT at all: the usual cause is an authorization server that issues opaque tokens
 * ({@code AUTH_TOKEN_FORMAT} not {@code jwt}), against which every MCP client is refused
 * and signs in again, round after round. The client's 401 stays as it is.
 */
final class NotAJwtWarning implements JwtDecoder {

	static final String WARNING = "MCP_TOKEN_FORMAT=jwt, but a bearer token is not a JWT: the authorization server "
			+ "issues opaque tokens unless its AUTH_TOKEN_FORMAT is jwt; set the same format on both servers";

	private static final Logger logger = LoggerFactory.getLogger(NotAJwtWarning.class);

	private final JwtDecoder decoder;

	private final RateLimitedWarning warning;

	NotAJwtWarning(JwtDecoder decoder, Clock clock) {
		this.decoder = decoder;
		this.warning = new RateLimitedWarning(logger, clock);
	}

	@Override
	public Jwt decode(String token) {
		try {
			return this.decoder.decode(token);
		}
		catch (BadJwtException ex) {
			// a signed JWT is three dot-separated parts
			if (token.chars().filter((c) -> c == '.').count() != 2) {
				this.warning.warn(WARNING);
			}
			throw ex;
		}
	}

}
