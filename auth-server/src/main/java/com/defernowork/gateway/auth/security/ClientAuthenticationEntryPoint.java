package com.defernowork.gateway.auth.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.defernowork.gateway.auth.token.ClientAuthenticationFailure;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * A protocol endpoint other than authorize reached without any client authentication: RFC
 * 6749 §5.2 {@code invalid_client} with 401, so MCP clients register again instead of
 * following a redirect to a login page they cannot render.
 */
final class ClientAuthenticationEntryPoint implements AuthenticationEntryPoint {

	private static final OAuth2Error INVALID_CLIENT = new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT,
			"Client authentication failed: send client_id (public clients) or client credentials", null);

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		ClientAuthenticationFailure.write(response, INVALID_CLIENT, true);
	}

}
