package com.defernowork.gateway.auth.token;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * A failed client authentication at the token, revocation or introspection endpoint: the
 * framework's answer (401 {@code invalid_client}, else 400), plus the
 * {@code WWW-Authenticate} challenge RFC 6749 §5.2 requires when the client used the
 * Authorization header, which the framework leaves out.
 */
final class ClientAuthenticationFailure implements AuthenticationFailureHandler {

	private final HttpMessageConverter<OAuth2Error> errors = new OAuth2ErrorHttpMessageConverter();

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		SecurityContextHolder.clearContext();
		OAuth2Error error = (exception instanceof OAuth2AuthenticationException oauth) ? oauth.getError()
				: new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT);
		boolean invalidClient = OAuth2ErrorCodes.INVALID_CLIENT.equals(error.getErrorCode());
		ServletServerHttpResponse http = new ServletServerHttpResponse(response);
		http.setStatusCode(invalidClient ? HttpStatus.UNAUTHORIZED : HttpStatus.BAD_REQUEST);
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (invalidClient && authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
			http.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"oauth2\"");
		}
		http.getHeaders().setCacheControl("no-store");
		this.errors.write(error, MediaType.APPLICATION_JSON, http);
	}

}
