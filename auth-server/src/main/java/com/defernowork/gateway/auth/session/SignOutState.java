package com.defernowork.gateway.auth.session;

import jakarta.servlet.http.HttpServletRequest;

import com.defernowork.gateway.auth.config.NamedParameter;

import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;

/**
 * The {@code state} a sign-out carries from the consent page's "Sign in as someone else",
 * kept when the sign-out is asked once more (an outdated form, a link), so that it still
 * returns to that authorization request; the sign-out checks it is the person's own.
 */
public final class SignOutState {

	/** Far beyond the consent page's own state: a longer one is dropped, not echoed. */
	private static final int MAX_LENGTH = 1024;

	private SignOutState() {
	}

	/** The request's single {@code state}, or null. */
	public static String of(HttpServletRequest request) {
		String state = NamedParameter.single(request.getParameterValues(OAuth2ParameterNames.STATE));
		return (state != null && state.length() <= MAX_LENGTH) ? state : null;
	}

}
