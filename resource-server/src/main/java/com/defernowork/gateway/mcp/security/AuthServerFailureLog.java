package com.defernowork.gateway.mcp.security;

import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;

import com.defernowork.gateway.web.logging.RateLimitedWarning;

/**
 * Logs one kind of call to the authorization server that failed, rate-limited by
 * {@link RateLimitedWarning}. A refusal of this server's own credentials goes only to
 * debug: {@link AuthServerAnswers} reports it once.
 */
public final class AuthServerFailureLog {

	static final Duration INTERVAL = RateLimitedWarning.INTERVAL;

	private final Logger logger;

	private final String call;

	private final RateLimitedWarning warning;

	/**
	 * @param logger where the lines go
	 * @param call what the call is, for the line ("Token introspection")
	 * @param clock the clock the interval is measured on
	 */
	public AuthServerFailureLog(Logger logger, String call, Clock clock) {
		this.logger = logger;
		this.call = call;
		this.warning = new RateLimitedWarning(logger, clock);
	}

	public void failed(RuntimeException failure) {
		if (AuthServerAnswers.isCredentialRefusal(failure)) {
			this.logger.debug("{} refused this server's credentials: {}", this.call, failure.getMessage());
			return;
		}
		this.warning.warn(this.call + " at the authorization server failed: " + failure.getMessage());
	}

}
