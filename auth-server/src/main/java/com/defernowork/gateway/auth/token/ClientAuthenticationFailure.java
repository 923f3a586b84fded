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
 * A failed client authentication at the token, revocation or introspection endpoint, as
 * the framework answers it (401 {@code invalid_client} with the error code alone, which
 * tells no one whether a client id exists; 400 otherwise, here with the description of
 * what is malformed), plus the {@code WWW-Authenticate} challenge RFC 6749 §5.2 requires
 * when the client used the Authorization header, which the framework leaves out.
 */
public final class ClientAuthenticationFailure implements AuthenticationFailureHandler {

	private static final HttpMessageConverter<OAuth2Error> errors = new OAuth2ErrorHttpMessageConverter();

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		SecurityContextHolder.clearContext();
		OAuth2Error error = (exception instanceof OAuth2AuthenticationException oauth) ? oauth.getError()
				: new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT);
		if (OAuth2ErrorCodes.INVALID_CLIENT.equals(error.getErrorCode())) {
			String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
			write(response, new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT),
					authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6));
		}
		else {
			write(response, error, false);
		}
	}

	/**
	 * Writes an error of these endpoints: 401 for {@code invalid_client}, else 400; never
	 * stored by a cache.
	 */
	public static void write(HttpServletResponse response, OAuth2Error error, boolean basicChallenge)
			throws IOException {
		ServletServerHttpResponse http = new ServletServerHttpResponse(response);
		http.setStatusCode(OAuth2ErrorCodes.INVALID_CLIENT.equals(error.getErrorCode()) ? HttpStatus.UNAUTHORIZED
				: HttpStatus.BAD_REQUEST);
		if (basicChallenge) {
			http.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"oauth2\"");
		}
		http.getHeaders().setCacheControl("no-store");
		errors.write(error, MediaType.APPLICATION_JSON, http);
	}

}
