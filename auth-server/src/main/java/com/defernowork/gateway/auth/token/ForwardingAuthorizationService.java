package com.defernowork.gateway.auth.token;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * The store as a framework provider run for one grant sees it: everything goes to the
 * real store, but what a subclass changes (what a save carries, what a lookup finds).
 */
abstract class ForwardingAuthorizationService implements OAuth2AuthorizationService {

	protected final OAuth2AuthorizationService target;

	ForwardingAuthorizationService(OAuth2AuthorizationService target) {
		this.target = target;
	}

	@Override
	public void save(OAuth2Authorization authorization) {
		this.target.save(authorization);
	}

	@Override
	public void remove(OAuth2Authorization authorization) {
		this.target.remove(authorization);
	}

	@Override
	public OAuth2Authorization findById(String id) {
		return this.target.findById(id);
	}

	@Override
	public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
		return this.target.findByToken(token, tokenType);
	}

}
