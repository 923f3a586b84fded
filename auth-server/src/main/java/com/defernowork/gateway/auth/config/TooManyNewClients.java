package com.defernowork.gateway.auth.config;

import java.time.Duration;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

/**
 * An authorization request for a client this server does not keep yet, from a network
 * that has added its new clients of the hour: {@code temporarily_unavailable}, the one
 * code OAuth has for "not now", answered 429 with {@code Retry-After} on the error page.
 */
public final class TooManyNewClients extends OAuth2AuthenticationException {

	private final Duration wait;

	public TooManyNewClients(int perHour, Duration wait) {
		super(new OAuth2Error(OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE,
				"This gateway adds at most " + perHour
						+ " new apps an hour from one network, and yours has had them: try again in " + minutes(wait)
						+ ". Apps already connected here keep working.",
				null));
		this.wait = wait;
	}

	/** How long until the network may add a client again. */
	public Duration retryAfter() {
		return this.wait;
	}

	private static String minutes(Duration wait) {
		long minutes = Math.max(1, (wait.toSeconds() + 59) / 60);
		return (minutes == 1) ? "a minute" : minutes + " minutes";
	}

}
