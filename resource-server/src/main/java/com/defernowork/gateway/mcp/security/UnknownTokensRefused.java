package com.defernowork.gateway.mcp.security;

import java.time.Duration;

import com.defernowork.gateway.web.http.WaitSeconds;

import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionException;

/**
 * A token not checked here before, from a network whose budget of refused tokens is spent
 * ({@link UnknownTokenBudget}): not sent to the authorization server.
 */
public final class UnknownTokensRefused extends OAuth2IntrospectionException {

	private final transient Duration retryAfter;

	UnknownTokensRefused(Duration retryAfter) {
		super("Too many requests with access tokens this server does not know came from your network in the last "
				+ "minute; try again later");
		this.retryAfter = retryAfter;
	}

	/** Whole seconds until the network's budget is renewed, at least one. */
	public long retryAfterSeconds() {
		return WaitSeconds.of(this.retryAfter);
	}

}
