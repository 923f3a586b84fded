package com.defernowork.gateway.auth.token;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.defernowork.gateway.auth.audit.AuditEvent;
import com.defernowork.gateway.auth.config.AuthorizationServerCustomizer;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2ErrorAuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.stereotype.Component;

/**
 * Token endpoint errors. A replayed authorization code (RFC 6749 §4.1.2, OAuth 2.1)
 * revokes the whole grant: the framework only marks its tokens invalid, we remove the
 * authorization so nothing of it survives.
 */
@Component
final class CodeReplayRevocation implements AuthenticationFailureHandler, AuthorizationServerCustomizer {

	private static final OAuth2TokenType CODE = new OAuth2TokenType(OAuth2ParameterNames.CODE);

	private final OAuth2AuthorizationService authorizations;

	private final AuthenticationFailureHandler errors = new OAuth2ErrorAuthenticationFailureHandler();

	private final ApplicationEventPublisher events;

	CodeReplayRevocation(OAuth2AuthorizationService authorizations, ApplicationEventPublisher events) {
		this.authorizations = authorizations;
		this.events = events;
	}

	@Override
	public void customize(OAuth2AuthorizationServerConfigurer authorizationServer) {
		authorizationServer.tokenEndpoint((token) -> token.errorResponseHandler(this));
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException, ServletException {
		String code = request.getParameter(OAuth2ParameterNames.CODE);
		if (exception instanceof OAuth2AuthenticationException oauth
				&& OAuth2ErrorCodes.INVALID_GRANT.equals(oauth.getError().getErrorCode()) && code != null
				&& AuthorizationGrantType.AUTHORIZATION_CODE.getValue()
					.equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE))) {
			OAuth2Authorization authorization = this.authorizations.findByToken(code, CODE);
			OAuth2Authorization.Token<OAuth2AuthorizationCode> used = (authorization != null)
					? authorization.getToken(OAuth2AuthorizationCode.class) : null;
			if (used != null && used.isInvalidated()) {
				this.authorizations.remove(authorization);
				this.events.publishEvent(
						AuditEvent
							.of(AuditEvent.CODE_REPLAY, authorization.getPrincipalName(),
									request.getParameter(OAuth2ParameterNames.CLIENT_ID))
							.with("grant_revoked", true));
			}
		}
		this.errors.onAuthenticationFailure(request, response, exception);
	}

}
