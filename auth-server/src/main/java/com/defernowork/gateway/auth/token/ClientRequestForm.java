package com.defernowork.gateway.auth.token;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import com.defernowork.gateway.auth.config.AllowedResources;
import com.defernowork.gateway.auth.config.PkceValues;
import com.defernowork.gateway.auth.config.ScopeSyntax;
import com.defernowork.gateway.auth.config.SentQuery;
import com.defernowork.gateway.web.http.RequestBody;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.util.StringUtils;

/**
 * The form of a request to the token, revocation and introspection endpoints, checked
 * first of all client authentication converters, so that a malformed request is
 * {@code invalid_request} (400) saying what is wrong, not a client that failed to
 * authenticate, nor a half-read request. An Authorization header must be Basic and
 * well-formed (RFC 6749 §2.3.1) unless beside a public client's {@code client_id}: the
 * framework skips any other scheme, which without a {@code client_id} would read as a
 * request without client authentication, and refuses a malformed Basic header without
 * saying why.
 */
final class ClientRequestForm implements AuthenticationConverter {

	/**
	 * Every parameter the token, revocation and introspection endpoints read, token
	 * exchange and client authentication included.
	 */
	private static final Set<String> READ_PARAMETERS = Set.of("grant_type", "code", "redirect_uri", "code_verifier",
			"refresh_token", "scope", "resource", "client_id", "client_secret", "client_assertion",
			"client_assertion_type", "token", "token_type_hint", "subject_token", "subject_token_type",
			"requested_token_type", "actor_token", "actor_token_type", "audience");

	private static final String TWO_CLIENTS = "client_id names another client than the Authorization header: send "
			+ "one client's credentials";

	/** The parameters naming where a token is to be used. */
	private static final Set<String> TARGETS = Set.of(AllowedResources.PARAMETER, "audience");

	private static final String TOKEN_ENDPOINT = "/oauth2/token";

	private static final String RFC6749_3_2 = "https://datatracker.ietf.org/doc/html/rfc6749#section-3.2";

	private static final String RFC6749_4_1_3 = "https://datatracker.ietf.org/doc/html/rfc6749#section-4.1.3";

	@Override
	public Authentication convert(HttpServletRequest request) {
		refuseParametersInTheUrl(request);
		refuseOtherBodies(request);
		for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
			if (given(parameter.getValue()) <= 1) {
				continue;
			}
			if (TARGETS.contains(parameter.getKey()) && isTokenEndpoint(request)) {
				// RFC 8707 and 8693 allow several; this server issues a token for one
				throw new OAuth2AuthenticationException(new OAuth2Error(AllowedResources.INVALID_TARGET,
						"Only one " + parameter.getKey() + " may be requested: a token is bound to one resource",
						"https://datatracker.ietf.org/doc/html/rfc8707#section-2"));
			}
			throw invalidRequest("The parameter " + parameter.getKey() + " must not be repeated", RFC6749_3_2);
		}
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		// another scheme beside a public client's client_id is ignored, as the framework
		// does: clients may send headers configured for the MCP server everywhere
		String basicClientId = null;
		if (authorization != null && (BasicCredentials.isBasic(authorization)
				|| !StringUtils.hasText(request.getParameter(OAuth2ParameterNames.CLIENT_ID)))) {
			basicClientId = BasicCredentials.check(authorization);
		}
		String grantType = request.getParameter(OAuth2ParameterNames.GRANT_TYPE);
		if (grantType != null && grantType.isBlank() && isTokenEndpoint(request)) {
			// revocation and introspection take no grant_type: there, any is ignored
			throw invalidRequest("grant_type is missing or empty: send it with a value",
					"https://datatracker.ietf.org/doc/html/rfc6749#section-3.1");
		}
		String clientId = request.getParameter(OAuth2ParameterNames.CLIENT_ID);
		if (StringUtils.hasLength(clientId) && !ClientIds.isWellFormed(clientId)) {
			throw invalidRequest(ClientIds.MALFORMED, ClientIds.RFC6749_A_1);
		}
		if (basicClientId != null && StringUtils.hasLength(clientId) && !clientId.equals(basicClientId)) {
			// the framework would answer for the header's client and ignore the other
			throw invalidRequest(TWO_CLIENTS, RFC6749_3_2);
		}
		if (authorization == null && !StringUtils.hasLength(clientId)
				&& (StringUtils.hasLength(request.getParameter(PkceParameterNames.CODE_VERIFIER))
						|| StringUtils.hasLength(request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION)))) {
			// the framework's public client and assertion authentications need it, and
			// would refuse the request without saying what is missing
			throw invalidRequest("client_id is missing: send the client_id with the code_verifier or client assertion",
					RFC6749_4_1_3);
		}
		if (AuthorizationGrantType.AUTHORIZATION_CODE.getValue().equals(grantType)
				&& !StringUtils.hasLength(request.getParameter(OAuth2ParameterNames.CODE))) {
			// else no client authentication takes the request, and a public client that
			// sent its client_id would be told to send one (and register again)
			throw invalidRequest("code is missing: send the authorization code the redirect brought", RFC6749_4_1_3);
		}
		String scope = request.getParameter(OAuth2ParameterNames.SCOPE);
		if (StringUtils.hasLength(scope) && !ScopeSyntax.isWellFormed(scope) && isTokenEndpoint(request)) {
			// else refused as naming a scope the grant does not hold
			throw new OAuth2AuthenticationException(
					new OAuth2Error(OAuth2ErrorCodes.INVALID_SCOPE, ScopeSyntax.MALFORMED + " (RFC 6749 section 3.3)",
							"https://datatracker.ietf.org/doc/html/rfc6749#section-3.3"));
		}
		String verifier = request.getParameter(PkceParameterNames.CODE_VERIFIER);
		if (StringUtils.hasLength(verifier) && !PkceValues.isWellFormed(verifier)) {
			throw invalidRequest("code_verifier must be 43 to 128 characters of A-Z, a-z, 0-9, '-', '.', '_' and '~'",
					"https://datatracker.ietf.org/doc/html/rfc7636#section-4.1");
		}
		if (authorization != null && StringUtils.hasLength(request.getParameter(OAuth2ParameterNames.CLIENT_SECRET))) {
			throw invalidRequest("Authenticate the client one way: the Authorization header or client_secret, not both",
					null);
		}
		// nothing to authenticate with: the next converter reads the client
		return null;
	}

	private static boolean isTokenEndpoint(HttpServletRequest request) {
		return (request.getContextPath() + TOKEN_ENDPOINT).equals(request.getRequestURI());
	}

	/** RFC 6749 §3.1: a parameter sent without a value counts as omitted. */
	private static long given(String[] values) {
		return Arrays.stream(values).filter(StringUtils::hasLength).count();
	}

	/**
	 * A parameter these endpoints read, sent in the URL: the framework reads the body
	 * only, and the client would not learn why its parameter went unread. Any other is
	 * ignored (RFC 6749 §3.2).
	 */
	private static void refuseParametersInTheUrl(HttpServletRequest request) {
		for (String name : SentQuery.names(request)) {
			if (READ_PARAMETERS.contains(name)) {
				throw invalidRequest(
						name + " must be sent in the request body (application/x-www-form-urlencoded), not in the URL",
						RFC6749_3_2);
			}
		}
	}

	/**
	 * A JSON or text body carries no parameters the endpoint could read, nor does a body
	 * without a Content-Type (the container reads none of it).
	 */
	private static void refuseOtherBodies(HttpServletRequest request) {
		String contentType = request.getContentType();
		if (contentType == null) {
			if (RequestBody.isPresent(request)) {
				throw invalidRequest("Send the parameters as application/x-www-form-urlencoded: the request has a "
						+ "body but no Content-Type", RFC6749_3_2);
			}
			return;
		}
		if (SentQuery.isForm(contentType)) {
			return;
		}
		if (contentType.split(";", 2)[0].strip().equalsIgnoreCase(MediaType.APPLICATION_FORM_URLENCODED_VALUE)) {
			// a form, but its charset is none the server knows, so none of it could be
			// read
			throw invalidRequest("The Content-Type's charset is not one this server reads: send the form in UTF-8 "
					+ "(RFC 6749 appendix B), or leave charset out", RFC6749_3_2);
		}
		throw invalidRequest("Send the parameters as application/x-www-form-urlencoded", RFC6749_3_2);
	}

	static OAuth2AuthenticationException invalidRequest(String description, String uri) {
		return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, description, uri));
	}

}
