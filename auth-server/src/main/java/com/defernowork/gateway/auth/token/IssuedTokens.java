package com.defernowork.gateway.auth.token;

import com.defernowork.gateway.auth.audit.AuditEvent;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * The token generator every grant uses, reporting each access token it makes as
 * {@code token.issued} (or {@code token.refreshed}) with its grant type: the one place
 * that knows the grant, which the token endpoint's result does not carry.
 */
final class IssuedTokens implements OAuth2TokenGenerator<OAuth2Token> {

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
			this.events.publishEvent(AuditEvent.of(type, user, context.getRegisteredClient().getClientId())
				.with("grant_type", (grant != null) ? grant.getValue() : null)
				.with("scope", String.join(" ", new java.util.TreeSet<>(context.getAuthorizedScopes()))));
		}
		return token;
	}

}
