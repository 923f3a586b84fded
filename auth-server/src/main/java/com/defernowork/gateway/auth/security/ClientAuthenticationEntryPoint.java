package com.defernowork.gateway.auth.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * A protocol endpoint other than authorize reached without any client authentication: RFC
 * 6749 §5.2 {@code invalid_client} with 401, so MCP clients register again instead of
 * following a redirect to a login page they cannot render.
 */
final class ClientAuthenticationEntryPoint implements AuthenticationEntryPoint {

	private static final OAuth2Error INVALID_CLIENT = new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT,
			"Client authentication failed: send client_id (public clients) or client credentials", null);

	private final HttpMessageConverter<OAuth2Error> errors = new OAuth2ErrorHttpMessageConverter();

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		ServletServerHttpResponse http = new ServletServerHttpResponse(response);
		http.setStatusCode(HttpStatus.UNAUTHORIZED);
		http.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"oauth2\"");
		http.getHeaders().setCacheControl("no-store");
		this.errors.write(INVALID_CLIENT, MediaType.APPLICATION_JSON, http);
	}

}
