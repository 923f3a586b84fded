package com.defernowork.gateway.auth.exchange;

import jakarta.servlet.http.HttpServletRequest;

import com.defernowork.gateway.auth.config.AllowedResources;
import com.defernowork.gateway.auth.config.NamedParameter;
import com.defernowork.gateway.model.exchange.TokenExchange;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.util.StringUtils;

/**
 * Reads every RFC 8693 request at the token endpoint (ahead of the framework's own token
 * exchange, which would mint MCP tokens): {@code subject_token},
 * {@code subject_token_type}, {@code requested_token_type}, {@code resource}. The
 * authenticated client comes from the security context, as for every grant (a parameter
 * in the URL, where a token would end up in access logs, was refused before, with every
 * other malformed form). The parameters this exchange does not support are refused rather
 * than ignored, so no caller believes it got what it asked for: a Deferno token has no
 * other audience and no scope, and nobody acts on another's behalf.
 */
final class DefernoTokenExchangeAuthenticationConverter implements AuthenticationConverter {

	@Override
	public Authentication convert(HttpServletRequest request) {
		if (!TokenExchange.GRANT_TYPE.equals(request.getParameter("grant_type"))) {
			return null;
		}
		refuseUnsupported(request);
		Authentication client = SecurityContextHolder.getContext().getAuthentication();
		return new DefernoTokenExchangeAuthenticationToken(client, required(request, "subject_token"),
				required(request, "subject_token_type"), optional(request, "requested_token_type"),
				optional(request, "resource"));
	}

	private static void refuseUnsupported(HttpServletRequest request) {
		// a parameter sent without a value counts as omitted (RFC 6749 §3.1)
		if (StringUtils.hasText(request.getParameter("audience"))) {
			throw error(AllowedResources.INVALID_TARGET,
					"audience is not supported: name the MCP resource in resource");
		}
		if (StringUtils.hasText(request.getParameter("scope"))) {
			throw error(OAuth2ErrorCodes.INVALID_SCOPE, "the exchanged Deferno token has no scope: send no scope");
		}
		if (StringUtils.hasText(request.getParameter("actor_token"))
				|| StringUtils.hasText(request.getParameter("actor_token_type"))) {
			throw invalidRequest("delegation is not supported: send no actor_token or actor_token_type");
		}
	}

	private static String required(HttpServletRequest request, String name) {
		String value = optional(request, name);
		if (value == null) {
			throw invalidRequest("token exchange needs exactly one " + name);
		}
		return value;
	}

	private static String optional(HttpServletRequest request, String name) {
		if (NamedParameter.isRepeated(request, name)) {
			throw invalidRequest(name + " must appear at most once");
		}
		return NamedParameter.single(request.getParameterValues(name));
	}

	private static OAuth2AuthenticationException invalidRequest(String description) {
		return error(OAuth2ErrorCodes.INVALID_REQUEST, description);
	}

	private static OAuth2AuthenticationException error(String code, String description) {
		return new OAuth2AuthenticationException(
				new OAuth2Error(code, description, "https://datatracker.ietf.org/doc/html/rfc8693#section-2.1"));
	}

}
