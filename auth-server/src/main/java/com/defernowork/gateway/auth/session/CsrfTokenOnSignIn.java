package com.defernowork.gateway.auth.session;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.defernowork.gateway.auth.user.DefernoAuthenticationToken;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.csrf.CsrfAuthenticationStrategy;
import org.springframework.security.web.csrf.CsrfTokenRepository;

/**
 * Spring's new CSRF token at sign-in, but not when the person signing in is the one this
 * session is signed in as already, so that a second tab's sign-in leaves the first tab's
 * consent page valid: the token guards against a sign-in the person did not make.
 */
public final class CsrfTokenOnSignIn implements SessionAuthenticationStrategy {

	private final CsrfAuthenticationStrategy renewal;

	public CsrfTokenOnSignIn(CsrfTokenRepository tokens) {
		this.renewal = new CsrfAuthenticationStrategy(tokens);
	}

	@Override
	public void onAuthentication(Authentication signedIn, HttpServletRequest request, HttpServletResponse response) {
		// still the session's earlier sign-in: the new one is stored after this
		Authentication before = SecurityContextHolder.getContext().getAuthentication();
		if (before instanceof DefernoAuthenticationToken earlier && signedIn instanceof DefernoAuthenticationToken now
				&& earlier.getPrincipal().id().equals(now.getPrincipal().id())) {
			return;
		}
		this.renewal.onAuthentication(signedIn, request, response);
	}

}
