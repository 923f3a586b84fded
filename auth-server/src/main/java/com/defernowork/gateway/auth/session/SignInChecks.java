package com.defernowork.gateway.auth.session;

import java.time.Clock;
import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;

/**
 * When a browser sign-in's Deferno token was last known good, kept in its session: at
 * sign-in, and after each check Deferno did not refuse. A check is due once
 * {@code interval} has passed since, so a just-made sign-in costs no call to Deferno, and
 * an older one at most one per interval.
 */
public final class SignInChecks implements SessionAuthenticationStrategy {

	/** Epoch milliseconds: a number, which the session store keeps as it is. */
	private static final String PASSED = SignInChecks.class.getName() + ".PASSED";

	private final Clock clock;

	private final Duration interval;

	SignInChecks(Clock clock, Duration interval) {
		this.clock = clock;
		this.interval = interval;
	}

	@Override
	public void onAuthentication(Authentication authentication, HttpServletRequest request,
			HttpServletResponse response) {
		passed(request.getSession());
	}

	/** A session that never noted one (signed in before this check existed) is due. */
	boolean due(HttpSession session) {
		return !(session.getAttribute(PASSED) instanceof Number passed)
				|| this.clock.millis() - passed.longValue() >= this.interval.toMillis();
	}

	void passed(HttpSession session) {
		session.setAttribute(PASSED, this.clock.millis());
	}

}
