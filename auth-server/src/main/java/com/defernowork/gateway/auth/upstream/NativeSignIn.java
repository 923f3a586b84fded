package com.defernowork.gateway.auth.upstream;

import java.util.Collection;
import java.util.Map;

import com.defernowork.gateway.auth.user.DefernoUser;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.user.OAuth2User;

/**
 * The principal of a native sign-in until {@link DefernoSignIn} converts it: the person
 * and Deferno's id for the token the sign-in redeemed (null when Deferno named none),
 * which reaches this point only this way (the login's token keeps no parameters of the
 * token response). Never stored.
 */
record NativeSignIn(DefernoUser user, String tokenId) implements OAuth2User {

	/** The parameter of the token response the id travels in to the user service. */
	static final String TOKEN_ID = "deferno_token_id";

	@Override
	public String getName() {
		return this.user.getName();
	}

	@Override
	public Map<String, Object> getAttributes() {
		return this.user.getAttributes();
	}

	@Override
	public Collection<? extends GrantedAuthority> getAuthorities() {
		return this.user.getAuthorities();
	}

}
