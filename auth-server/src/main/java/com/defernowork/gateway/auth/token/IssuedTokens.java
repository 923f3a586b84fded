package com.defernowork.gateway.auth.token;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import com.defernowork.gateway.auth.audit.AuditEvent;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AccessTokenResponseAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * The token generator every grant uses, reporting each access token it makes as
 * {@code token.issued} (or {@code token.refreshed}) with its grant type: the one place
 * that knows the grant, which the token endpoint's result does not carry. Made inside a
 * request, a token is reported once the token endpoint answers with it (as its success
 * handler), so a token whose grant could not be saved (Redis down) is not reported.
 */
final class IssuedTokens implements OAuth2TokenGenerator<OAuth2Token>, AuthenticationSuccessHandler {

	private static final String PENDING = IssuedTokens.class.getName() + ".pending";

	private final AuthenticationSuccessHandler answer = new OAuth2AccessTokenResponseAuthenticationSuccessHandler();

	private final OAuth2TokenGenerator<OAuth2Token> generator;

	private final ApplicationEventPublisher events;

	IssuedTokens(OAuth2TokenGenerator<OAuth2Token> generator, ApplicationEventPublisher events) {
		this.generator = generator;
		this.events = events;
	}

	@Override
	public OAuth2Token generate(OAuth2TokenContext context) {
		OAuth2Token token = this.generator.generate(context);
		if (token != null && OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			AuthorizationGrantType grant = context.getAuthorizationGrantType();
			String type = AuthorizationGrantType.REFRESH_TOKEN.equals(grant) ? AuditEvent.TOKEN_REFRESHED
					: AuditEvent.TOKEN_ISSUED;
			String user = (context.getPrincipal() != null) ? context.getPrincipal().getName() : null;
			AuditEvent event = AuditEvent.of(type, user, context.getRegisteredClient().getClientId())
				.with("grant_type", (grant != null) ? grant.getValue() : null)
				.with("scope", String.join(" ", new TreeSet<>(context.getAuthorizedScopes())));
			RequestAttributes request = RequestContextHolder.getRequestAttributes();
			if (request != null) {
				pending(request).add(event);
			}
			else {
				this.events.publishEvent(event);
			}
		}
		return token;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException, ServletException {
		if (request.getAttribute(PENDING) instanceof List<?> issued) {
			request.removeAttribute(PENDING);
			issued.forEach(this.events::publishEvent);
		}
		this.answer.onAuthenticationSuccess(request, response, authentication);
	}

	@SuppressWarnings("unchecked")
	private static List<AuditEvent> pending(RequestAttributes request) {
		Object pending = request.getAttribute(PENDING, RequestAttributes.SCOPE_REQUEST);
		if (pending == null) {
			pending = new ArrayList<AuditEvent>();
			request.setAttribute(PENDING, pending, RequestAttributes.SCOPE_REQUEST);
		}
		return (List<AuditEvent>) pending;
	}

}
