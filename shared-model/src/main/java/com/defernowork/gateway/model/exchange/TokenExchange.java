package com.defernowork.gateway.model.exchange;

/**
 * RFC 8693 token exchange between the resource server and the authorization server: the
 * resource server presents the MCP access token it received and gets the user's Deferno
 * API token back.
 */
public final class TokenExchange {

	public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";

	/**
	 * {@code subject_token_type} of the MCP access token the resource server presents.
	 */
	public static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

	/**
	 * {@code requested_token_type} and {@code issued_token_type} of the user's Deferno
	 * API token.
	 */
	public static final String DEFERNO_TOKEN_TYPE = "urn:defernowork:params:oauth:token-type:deferno-api-token";

	private TokenExchange() {
	}

}
