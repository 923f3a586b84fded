package com.defernowork.gateway.model.exchange;

/**
 * Claim names of an introspection response (RFC 7662) that the resource server relies on. {@code sub} is the
 * stable Deferno user id; {@code username} is the Deferno username.
 */
public final class IntrospectionClaims {

	public static final String ACTIVE = "active";

	public static final String SCOPE = "scope";

	public static final String CLIENT_ID = "client_id";

	public static final String SUB = "sub";

	public static final String USERNAME = "username";

	public static final String AUD = "aud";

	public static final String ISS = "iss";

	public static final String EXP = "exp";

	public static final String IAT = "iat";

	private IntrospectionClaims() {
	}

}
