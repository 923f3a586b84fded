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

	/**
	 * {@code error_uri} of an {@code invalid_request} refusing the subject token itself
	 * (inactive, bound to another resource, or its grant without a usable Deferno
	 * sign-in), which only a new sign-in mends; the same code for a fault in the request
	 * carries another or none.
	 */
	public static final String SUBJECT_TOKEN_REFUSED_URI = "https://datatracker.ietf.org/doc/html/rfc8693#section-2.2.2";

	private TokenExchange() {
	}

}
