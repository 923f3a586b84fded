package com.defernowork.gateway.auth.token;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationGrantAuthenticationToken;

/**
 * A grant provider of the token endpoint whose refusals always say what is wrong: the
 * framework's providers answer {@code unauthorized_client} or {@code invalid_scope} with
 * the error code alone. A refusal that has a description keeps it.
 */
final class GrantErrors extends RewordedRefusals {

	GrantErrors(AuthenticationProvider provider) {
		super(provider);
	}

	@Override
	OAuth2AuthenticationException reworded(OAuth2AuthenticationException ex, Authentication authentication) {
		OAuth2Error error = ex.getError();
		String description = (error.getDescription() == null) ? describe(error.getErrorCode(), authentication) : null;
		return (description == null) ? ex : new OAuth2AuthenticationException(
				new OAuth2Error(error.getErrorCode(), description, error.getUri()), ex);
	}

	private static String describe(String errorCode, Authentication authentication) {
		String grantType = (authentication instanceof OAuth2AuthorizationGrantAuthenticationToken grant)
				? grant.getGrantType().getValue() : "this";
		return switch (errorCode) {
			case OAuth2ErrorCodes.UNAUTHORIZED_CLIENT ->
				"This client is not registered for grant_type " + grantType + " (RFC 6749 section 5.2)";
			case OAuth2ErrorCodes.INVALID_SCOPE -> AuthorizationGrantType.REFRESH_TOKEN.getValue().equals(grantType)
					? "scope may only name scopes this grant was authorized for; leave it out to keep them all "
							+ "(RFC 6749 section 6)"
					: "scope names a scope this client is not registered for";
			// the framework's refusal of a refresh token that expired
			case OAuth2ErrorCodes.INVALID_GRANT -> AuthorizationGrantType.REFRESH_TOKEN.getValue().equals(grantType)
					? RefreshTokenRotation.NOT_VALID : "The " + grantType + " grant is not valid";
			default -> null;
		};
	}

}
