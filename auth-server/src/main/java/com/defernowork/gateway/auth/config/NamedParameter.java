package com.defernowork.gateway.auth.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.oauth2.core.OAuth2Error;

/**
 * The parameter a framework refusal names and nothing more ("OAuth 2.0 Parameter: scope",
 * "OAuth 2.0 Token Introspection Parameter: token"), for the endpoints that say in words
 * what is wrong with it.
 */
public final class NamedParameter {

	private static final Pattern FRAMEWORK = Pattern
		.compile("OAuth 2\\.0 (?:Token (?:Introspection|Revocation) )?Parameter: ?(\\S+)");

	private NamedParameter() {
	}

	/** The parameter the error names, or null for any other error. */
	public static String of(OAuth2Error error) {
		Matcher named = (error.getDescription() != null) ? FRAMEWORK.matcher(error.getDescription()) : null;
		return (named != null && named.matches()) ? named.group(1) : null;
	}

	/**
	 * The one value of a parameter sent once with text; null when absent, blank or
	 * repeated, which no reader here can take for either value.
	 */
	public static String single(String[] values) {
		return (values != null && values.length == 1 && !values[0].isBlank()) ? values[0] : null;
	}

	/**
	 * Whether the request sent it more than once: the framework says the same of a
	 * repeated parameter as of a missing one.
	 */
	public static boolean isRepeated(HttpServletRequest request, String parameter) {
		String[] values = request.getParameterValues(parameter);
		return values != null && values.length > 1;
	}

}
