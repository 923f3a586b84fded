package com.defernowork.gateway.auth.token;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import com.defernowork.gateway.auth.config.AllowedResources;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * RFC 6749 §3.2: request parameters must not be included more than once. Checked first of
 * all client authentication converters, because the framework's client authentication
 * reads some parameters (e.g. {@code code}) as single strings and would fail on a
 * repeated one instead of answering {@code invalid_request}. {@code resource} may repeat
 * (RFC 8707); its rules answer {@code invalid_target}.
 */
final class RepeatedParameters implements AuthenticationConverter {

	@Override
	public Authentication convert(HttpServletRequest request) {
		for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
			if (parameter.getValue().length > 1 && !AllowedResources.PARAMETER.equals(parameter.getKey())) {
				throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
						"The parameter " + parameter.getKey() + " must not be repeated",
						"https://datatracker.ietf.org/doc/html/rfc6749#section-3.2"));
			}
		}
		// nothing to authenticate with: the next converter reads the client
		return null;
	}

}
