package com.defernowork.gateway.mcp.security.chain;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import com.defernowork.gateway.web.http.HeaderLines;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Takes the token from the {@code Authorization: Bearer} header only (MCP and OAuth 2.1
 * allow the header only: URLs end up in logs and browser history). A token only in the
 * query string is not read: the request carries none this server takes, and gets the
 * challenge without an error code (RFC 6750 §3.1). One sent both ways, or in more than
 * one Authorization header, is refused. The query is parsed from the raw query string so
 * a form body is never read here.
 */
final class HeaderOnlyBearerTokenResolver implements BearerTokenResolver {

	private static final String ACCESS_TOKEN_PARAMETER = "access_token";

	private static final Pattern SPACES_AFTER_SCHEME = Pattern.compile("(?i)(bearer) {2,}");

	private final DefaultBearerTokenResolver header = new DefaultBearerTokenResolver();

	@Override
	public String resolve(HttpServletRequest request) {
		String query = request.getQueryString();
		if (query != null && request.getHeader(HttpHeaders.AUTHORIZATION) != null
				&& UriComponentsBuilder.fromUriString("?" + query)
					.build()
					.getQueryParams()
					.containsKey(ACCESS_TOKEN_PARAMETER)) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
					"Send the access token once, in the Authorization header only, never in the query string", null));
		}
		if (HeaderLines.isRepeated(request, HttpHeaders.AUTHORIZATION)) {
			// not a list header (RFC 9110 §11.6.2)
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
					"Send one Authorization header with one bearer token; this request has several", null));
		}
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		Matcher spaces = (authorization != null) ? SPACES_AFTER_SCHEME.matcher(authorization) : null;
		if (spaces != null && spaces.lookingAt()) {
			// RFC 6750 §2.1 allows one or more spaces after the scheme; Spring's resolver
			// takes exactly one
			request = withAuthorization(request, spaces.replaceFirst("$1 "));
		}
		return this.header.resolve(request);
	}

	private static HttpServletRequest withAuthorization(HttpServletRequest request, String authorization) {
		return new HttpServletRequestWrapper(request) {

			@Override
			public String getHeader(String name) {
				return HttpHeaders.AUTHORIZATION.equalsIgnoreCase(name) ? authorization : super.getHeader(name);
			}

		};
	}

}
