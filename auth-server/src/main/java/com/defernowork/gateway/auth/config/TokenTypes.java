package com.defernowork.gateway.auth.config;

import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * The lookup types of {@code OAuth2AuthorizationService.findByToken} that Spring
 * Authorization Server uses without declaring them as constants.
 */
public final class TokenTypes {

	/** A pending consent's authorization, found by its {@code state}. */
	public static final OAuth2TokenType STATE = new OAuth2TokenType(OAuth2ParameterNames.STATE);

	/** An authorization found by its unredeemed authorization code. */
	public static final OAuth2TokenType CODE = new OAuth2TokenType(OAuth2ParameterNames.CODE);

	private TokenTypes() {
	}

}
