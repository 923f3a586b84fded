package com.defernowork.gateway.auth.token;

import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;

import com.defernowork.gateway.auth.config.NamedParameter;
import com.defernowork.gateway.auth.config.OAuthErrorJson;

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

	private ParameterDescriptions() {
	}

	/**
	 * The failure, its description said in words when the framework named a parameter,
	 * and in the characters a description may hold when it quotes what the client sent (a
	 * {@code resource} with a quote or a non-ASCII letter).
	 */
	static AuthenticationException described(HttpServletRequest request, AuthenticationException failure) {
		if (!(failure instanceof OAuth2AuthenticationException oauth)) {
			return failure;
		}
		OAuth2Error described = described(oauth.getError(), request);
		String printable = OAuthErrorJson.printable(described.getDescription());
		if (!Objects.equals(printable, described.getDescription())) {
			described = new OAuth2Error(described.getErrorCode(), printable, described.getUri());
		}
		return (described != oauth.getError()) ? new OAuth2AuthenticationException(described, failure) : failure;
	}

	/**
	 * The framework names a parameter that is required and missing or empty, or one sent
	 * more than once, or (for grant_type) a grant no part of this server takes.
	 */
	static OAuth2Error described(OAuth2Error error, HttpServletRequest request) {
		String parameter = NamedParameter.of(error);
		if (parameter == null) {
			return error;
		}
		String description;
		if (NamedParameter.isRepeated(request, parameter)) {
			description = parameter + " is sent more than once: send each parameter once (RFC 6749 section 3.1)";
		}
		else if (OAuth2ErrorCodes.UNSUPPORTED_GRANT_TYPE.equals(error.getErrorCode())) {
			description = "grant_type names a grant this server does not offer: its metadata lists "
					+ "grant_types_supported";
		}
		else {
			description = parameter + " is missing or empty: send it with a value";
		}
		return new OAuth2Error(error.getErrorCode(), description, error.getUri());
	}

}
