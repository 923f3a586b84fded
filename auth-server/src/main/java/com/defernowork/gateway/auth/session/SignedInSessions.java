package com.defernowork.gateway.auth.session;

import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;

/**
 * Sessions start with the short anonymous idle timeout; a person who signs in gets the
 * longer one, enough to read the consent page or manage connected apps.
 */
public final class SignedInSessions implements SessionAuthenticationStrategy {

	private final int timeoutSeconds;

	SignedInSessions(Duration timeout) {
		this.timeoutSeconds = Math.toIntExact(timeout.toSeconds());
	}

	@Override
	public void onAuthentication(Authentication authentication, HttpServletRequest request,
			HttpServletResponse response) {
		request.getSession().setMaxInactiveInterval(this.timeoutSeconds);
	}

}
