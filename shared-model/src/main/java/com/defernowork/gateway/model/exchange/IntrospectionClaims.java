package com.defernowork.gateway.model.exchange;

/**
 * Claim names of an introspection response (RFC 7662) that both servers rely on.
 * {@code username} (the Deferno username) is the gateway's own; the standard names are in
 * Spring's {@code OAuth2TokenIntrospectionClaimNames}.
 */
public final class IntrospectionClaims {

	public static final String USERNAME = "username";

	public static final String AUD = "aud";

	public static final String EXP = "exp";

	private IntrospectionClaims() {
	}

}
