package com.defernowork.gateway.auth.storage;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * A store seen through a decorator: everything goes to the real store, but what a
 * subclass changes (what a save carries or also does, what a lookup finds).
 */
public abstract class ForwardingAuthorizationService implements OAuth2AuthorizationService {

	protected final OAuth2AuthorizationService target;

	protected ForwardingAuthorizationService(OAuth2AuthorizationService target) {
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
