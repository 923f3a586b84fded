package com.defernowork.gateway.auth.session;

import java.time.Clock;
import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;

/**
 * A browser sign-in's session: at sign-in it gets the longer signed-in idle timeout
 * (sessions start with the short anonymous one), and keeps when its Deferno token was
 * last known good: at sign-in, and after each check Deferno did not refuse. A check is
 * due once {@code interval} has passed since, so a just-made sign-in costs no call to
 * Deferno, and an older one at most one per interval.
 */
public final class SignInChecks implements SessionAuthenticationStrategy {

	/** Epoch milliseconds: a number, which the session store keeps as it is. */
	private static final String PASSED = SignInChecks.class.getName() + ".PASSED";

	private final Clock clock;

	private final Duration interval;

	private final int signedInTimeoutSeconds;

	SignInChecks(Clock clock, Duration interval, Duration signedInTimeout) {
		this.clock = clock;
		this.interval = interval;
		this.signedInTimeoutSeconds = Math.toIntExact(signedInTimeout.toSeconds());
	}

	@Override
	public void onAuthentication(Authentication authentication, HttpServletRequest request,
			HttpServletResponse response) {
		HttpSession session = request.getSession();
		session.setMaxInactiveInterval(this.signedInTimeoutSeconds);
		passed(session);
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
