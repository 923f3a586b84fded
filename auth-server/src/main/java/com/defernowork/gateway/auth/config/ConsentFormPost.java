package com.defernowork.gateway.auth.config;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;

/**
 * The consent form's answer: a POST to the authorization endpoint without
 * {@code response_type}, which an authorization request always has. One with a
 * {@code response_type} in its query only is a malformed authorization request, refused
 * as one (its parameters belong in the body), not a consent answer without its CSRF
 * token; so is a POST whose body is not a form (JSON, say), which the consent page never
 * sends.
 */
public final class ConsentFormPost {

	private ConsentFormPost() {
	}

	public static boolean matches(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return "POST".equals(request.getMethod()) && "/oauth2/authorize".equals(path)
				&& SentQuery.isForm(request.getContentType())
				&& SentQuery.asSent(request).getParameter(OAuth2ParameterNames.RESPONSE_TYPE) == null;
	}

}
