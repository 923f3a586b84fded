package com.defernowork.gateway.auth.audit;

/**
 * What a revocation found, attached by the revocation endpoint's provider to its result
 * as the authentication's details, for the {@code token.revoked} audit line: RFC 7009's
 * request names neither the person nor a reason.
 *
 * @param user the person whose grant the token belongs to
 * @param grantRevoked whether the whole grant ended, not just this token
 * @param reason why, when the revoking client tells it by who it is (the resource server
 * revokes only when Deferno refused the grant's token); {@code null} otherwise
 */
public record RevokedToken(String user, boolean grantRevoked, String reason) {

	/** The resource server revoked: Deferno refused the grant's token twice. */
	public static final String DEFERNO_REFUSED_TOKEN = "deferno_refused_token";

}
