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

	/** Someone signed in: the next sign-in is an ordinary one again. */
	static void done(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.removeAttribute(ASKED);
		}
	}

	/** Notes, in the session begun after the sign-out, that the next sign-in is fresh. */
	static void ask(HttpServletRequest request) {
		request.getSession().setAttribute(ASKED, Boolean.TRUE);
	}

	/**
	 * The sign-in request, asking for credentials when noted; the note stays until a
	 * sign-in succeeds, so that one cancelled or failed at the provider asks again.
	 */
	static OAuth2AuthorizationRequest applyTo(OAuth2AuthorizationRequest signIn, HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session == null || session.getAttribute(ASKED) == null || !signIn.getScopes().contains(OidcScopes.OPENID)) {
			return signIn;
		}
		return OAuth2AuthorizationRequest.from(signIn)
			.additionalParameters((parameters) -> parameters.put("prompt", "login"))
			.build();
	}

}
