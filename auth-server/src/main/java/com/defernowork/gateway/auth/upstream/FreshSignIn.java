package com.defernowork.gateway.auth.upstream;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.OidcScopes;

/**
 * A person who chose "Sign in as someone else" on the consent page: the next sign-in at
 * an OpenID provider asks for credentials ({@code prompt=login}, OpenID Connect Core
 * §3.1.2.1) instead of signing in again whoever the provider's own session remembers.
 * Deferno's own sign-in has no such parameter.
 */
final class FreshSignIn {

	private static final String ASKED = FreshSignIn.class.getName();

	private FreshSignIn() {
	}

	/** Notes, in the session begun after the sign-out, that the next sign-in is fresh. */
	static void ask(HttpServletRequest request) {
		request.getSession().setAttribute(ASKED, Boolean.TRUE);
	}

	/** The sign-in request, asking for credentials when noted (the note is used up). */
	static OAuth2AuthorizationRequest applyTo(OAuth2AuthorizationRequest signIn, HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session == null || session.getAttribute(ASKED) == null) {
			return signIn;
		}
		session.removeAttribute(ASKED);
		if (!signIn.getScopes().contains(OidcScopes.OPENID)) {
			return signIn;
		}
		return OAuth2AuthorizationRequest.from(signIn)
			.additionalParameters((parameters) -> parameters.put("prompt", "login"))
			.build();
	}

}
