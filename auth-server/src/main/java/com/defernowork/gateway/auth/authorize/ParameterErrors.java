package com.defernowork.gateway.auth.authorize;

import java.util.Arrays;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import com.defernowork.gateway.auth.config.NamedParameter;
import com.defernowork.gateway.auth.config.OfflineAccess;
import com.defernowork.gateway.auth.config.ScopeSyntax;
import com.defernowork.gateway.auth.config.SentQuery;
import com.defernowork.gateway.model.scope.Scopes;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

/**
 * What the framework's authorization request errors, which name only the parameter at
 * fault ("OAuth 2.0 Parameter: code_challenge"), tell the client that sent it: what is
 * wrong and what this server takes instead. In RFC 6749's characters for an
 * {@code error_description} (section 4.1.2.1).
 */
final class ParameterErrors {

	private ParameterErrors() {
	}

	static OAuth2Error described(OAuth2Error error, HttpServletRequest request) {
		String parameter = NamedParameter.of(error);
		if (parameter == null) {
			return error;
		}
		String description;
		if (isInQueryOfAPost(request, parameter)) {
			description = "The parameter " + parameter + " is in the query of a POST: a POST authorization request"
					+ " sends its parameters in its form body only (or send them all in the query of a GET)";
		}
		else if (NamedParameter.isRepeated(request, parameter)) {
			description = "The parameter " + parameter
					+ " is repeated: an authorization request sends each parameter once (RFC 6749 section 3.1)";
		}
		else {
			description = switch (parameter) {
				case "response_type" -> OAuth2ErrorCodes.UNSUPPORTED_RESPONSE_TYPE.equals(error.getErrorCode())
						? "response_type must be code: this server offers the authorization code flow only"
						: "response_type is missing: send response_type=code";
				case "scope" -> scopeDescription(request.getParameter(parameter));
				case "code_challenge" -> "code_challenge is missing: this server requires PKCE (RFC 7636), "
						+ "a code_challenge with code_challenge_method=S256";
				case "code_challenge_method" -> "code_challenge_method must be S256 (RFC 7636 section 4.3): "
						+ "plain, also meant when it is left out, is not supported";
				default -> null;
			};
		}
		return (description != null) ? new OAuth2Error(error.getErrorCode(), description, error.getUri()) : error;
	}

	/**
	 * Names what is wrong with a refused scope: its form (a space too many, a tab) or the
	 * scopes this server does not offer.
	 */
	private static String scopeDescription(String scope) {
		String offered = "; this server offers " + String.join(" ", Scopes.all())
				+ " (leave scope out to ask for all of them)";
		if (scope == null || !ScopeSyntax.isWellFormed(scope)) {
			return ScopeSyntax.MALFORMED + offered;
		}
		List<String> unknown = Arrays.stream(scope.split(" "))
			.filter((name) -> !Scopes.all().contains(name) && !OfflineAccess.SCOPE.equals(name))
			.toList();
		return unknown.isEmpty() ? "scope names a scope this client may not ask for" + offered
				: "scope names " + String.join(" ", unknown) + ", which this server does not offer" + offered;
	}

	/**
	 * Whether a POST sent the parameter in its query: the framework reads a POST's form
	 * body only, and the query of a GET.
	 */
	static boolean isInQueryOfAPost(HttpServletRequest request, String parameter) {
		return "POST".equals(request.getMethod()) && SentQuery.names(request).contains(parameter);
	}

}
