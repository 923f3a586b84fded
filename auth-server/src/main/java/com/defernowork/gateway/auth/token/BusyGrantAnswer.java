package com.defernowork.gateway.auth.token;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.defernowork.gateway.auth.config.OAuthErrorJson;
import com.defernowork.gateway.auth.storage.GrantLocks;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2ErrorAuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * The token endpoint's refusals, as the framework writes them, except a refresh whose
 * grant is still busy ({@link GrantTurns}): 503 with {@code Retry-After}, like a Redis
 * outage. RFC 6749 has no {@code temporarily_unavailable} for the token endpoint, and
 * clients take its 400 as final and send the person to sign in again. A code redemption
 * that found its code busy keeps the 400: the other redemption is using the code, and a
 * retry would be a replay that revokes the grant.
 */
final class BusyGrantAnswer implements AuthenticationFailureHandler {

	private final OAuth2ErrorAuthenticationFailureHandler framework = new OAuth2ErrorAuthenticationFailureHandler();

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException, ServletException {
		if (exception instanceof OAuth2AuthenticationException oauth
				&& OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE.equals(oauth.getError().getErrorCode())
				&& AuthorizationGrantType.REFRESH_TOKEN.getValue()
					.equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE))) {
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(GrantLocks.RETRY_AFTER.toSeconds()));
			OAuthErrorJson.write(response, HttpStatus.SERVICE_UNAVAILABLE, oauth.getError());
			return;
		}
		this.framework.onAuthenticationFailure(request, response, ParameterDescriptions.described(request, exception));
	}

}
