package com.defernowork.gateway.auth.exchange;

import java.util.Map;

import com.defernowork.gateway.model.exchange.TokenExchange;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationGrantAuthenticationToken;

/**
 * A token-exchange request of the resource server: an MCP access token in, the person's
 * Deferno token out.
 */
final class DefernoTokenExchangeAuthenticationToken extends OAuth2AuthorizationGrantAuthenticationToken {

	private final String subjectToken;

	private final String subjectTokenType;

	private final String requestedTokenType;

	private final String resource;

	DefernoTokenExchangeAuthenticationToken(Authentication clientPrincipal, String subjectToken,
			String subjectTokenType, String requestedTokenType, String resource) {
		super(new AuthorizationGrantType(TokenExchange.GRANT_TYPE), clientPrincipal, Map.of());
		this.subjectToken = subjectToken;
		this.subjectTokenType = subjectTokenType;
		this.requestedTokenType = requestedTokenType;
		this.resource = resource;
	}

	String getSubjectToken() {
		return this.subjectToken;
	}

	String getSubjectTokenType() {
		return this.subjectTokenType;
	}

	String getRequestedTokenType() {
		return this.requestedTokenType;
	}

	String getResource() {
		return this.resource;
	}

}
