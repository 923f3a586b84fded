package com.defernowork.gateway.auth.token;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

/**
 * The token, introspection and revocation endpoints' refusals that name only the
 * parameter at fault ("OAuth 2.0 Parameter: grant_type"), said so that the client's
 * developer knows what to send instead.
 */
final class ParameterDescriptions {

	private static final Pattern FRAMEWORK = Pattern
		.compile("OAuth 2\\.0 (?:Token (?:Introspection|Revocation) )?Parameter: ?(\\S+)");

	private ParameterDescriptions() {
	}

	/**
	 * The failure, its description said in words when the framework named a parameter.
	 */
	static AuthenticationException described(AuthenticationException failure) {
		if (!(failure instanceof OAuth2AuthenticationException oauth)) {
			return failure;
		}
		OAuth2Error described = described(oauth.getError());
		return (described != oauth.getError()) ? new OAuth2AuthenticationException(described, failure) : failure;
	}

	static OAuth2Error described(OAuth2Error error) {
		Matcher named = (error.getDescription() != null) ? FRAMEWORK.matcher(error.getDescription()) : null;
		if (named == null || !named.matches()) {
			return error;
		}
		String parameter = named.group(1);
		String description = OAuth2ErrorCodes.UNSUPPORTED_GRANT_TYPE.equals(error.getErrorCode())
				? "grant_type names a grant this server does not offer to this client: the server's metadata lists "
						+ "grant_types_supported, and a registered client its grant_types"
				: parameter + " is missing, empty or sent more than once: send it once, with a value (RFC 6749 "
						+ "section 5.2)";
		return new OAuth2Error(error.getErrorCode(), description, error.getUri());
	}

}
