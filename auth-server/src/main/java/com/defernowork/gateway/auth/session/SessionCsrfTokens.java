package com.defernowork.gateway.auth.session;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;

/**
 * CSRF tokens kept in the session, as Spring's repository keeps them, but never the
 * reason a session is opened: Spring saves a fresh token when a request arrives without
 * one, so every refused anonymous POST would otherwise leave a session behind, and a
 * flood of them would push real sign-ins out of the session store. Every form is rendered
 * in a session that already exists (a signed-in person's).
 */
public final class SessionCsrfTokens implements CsrfTokenRepository {

	private final HttpSessionCsrfTokenRepository sessions = new HttpSessionCsrfTokenRepository();

	@Override
	public CsrfToken generateToken(HttpServletRequest request) {
		return this.sessions.generateToken(request);
	}

	@Override
	public void saveToken(CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
		if (token == null || request.getSession(false) != null) {
			this.sessions.saveToken(token, request, response);
		}
	}

	@Override
	public CsrfToken loadToken(HttpServletRequest request) {
		return this.sessions.loadToken(request);
	}

}
