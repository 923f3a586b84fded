package com.defernowork.gateway.auth.authorize;

import java.util.Arrays;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import com.defernowork.gateway.auth.config.OAuthErrorJson;
import com.defernowork.gateway.auth.config.RedirectUris;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.util.StringUtils;

/**
 * Size limits of an authorization request, checked before anything of it is kept (saved
 * request, session, pending authorization), and a {@code state} of printable ASCII only,
 * as the client gets it back in the redirect's query. A request over a limit is an
 * {@code invalid_request}, redirected to the client only when its {@code client_id} and
 * {@code redirect_uri} are within limits.
 */
final class ParameterLimits {

	/** As long as the longest redirect URI a client may register. */
	static final int MAX_VALUE_LENGTH = RedirectUris.MAX_LENGTH;

	static final int MAX_VALUES = 32;

	private static final String TOO_LONG = "is longer than " + MAX_VALUE_LENGTH + " characters.";

	/**
	 * What the error page says of a value over the limit: anyone can make a link to that
	 * page, so the parameter's name, which the link chooses, is not shown there (the
	 * client reads it in the redirect's description).
	 */
	static final String TOO_LONG_ON_PAGE = "A parameter of the authorization request " + TOO_LONG;

	/** Fixed words: the page does not quote the state, which the link chooses. */
	static final String UNPRINTABLE_STATE = "The parameter 'state' holds characters other than printable ASCII "
			+ "(RFC 6749 Appendix A.5: %x20-7E).";

	private static final AnonymousAuthenticationToken ANONYMOUS = new AnonymousAuthenticationToken("anonymous",
			"anonymousUser", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

	private ParameterLimits() {
	}

	static void check(HttpServletRequest request) {
		Map<String, String[]> parameters = request.getParameterMap();
		int values = 0;
		for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
			values += parameter.getValue().length;
			if (values > MAX_VALUES) {
				throw error(request, "The authorization request has more than " + MAX_VALUES + " parameter values.");
			}
			for (String value : parameter.getValue()) {
				if (value.length() > MAX_VALUE_LENGTH || parameter.getKey().length() > MAX_VALUE_LENGTH) {
					throw error(request, "The parameter '" + abbreviate(parameter.getKey()) + "' " + TOO_LONG);
				}
			}
		}
		String[] states = parameters.get(OAuth2ParameterNames.STATE);
		if (states != null && !Arrays.stream(states).allMatch(ParameterLimits::isPrintable)) {
			// a NUL or a non-ASCII letter would be carried into the sign-in and back
			throw error(request, UNPRINTABLE_STATE);
		}
	}

	/** RFC 6749 Appendix A: VSCHAR = %x20-7E. */
	private static boolean isPrintable(String value) {
		return value.chars().allMatch((c) -> c >= 0x20 && c <= 0x7E);
	}

	private static OAuth2AuthenticationException error(HttpServletRequest request, String description) {
		OAuth2Error error = new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, description, null);
		String clientId = withinLimit(request, OAuth2ParameterNames.CLIENT_ID);
		String redirectUri = withinLimit(request, OAuth2ParameterNames.REDIRECT_URI);
		if (!StringUtils.hasText(clientId) || !StringUtils.hasText(redirectUri)) {
			return new OAuth2AuthenticationException(error);
		}
		Authentication principal = SecurityContextHolder.getContext().getAuthentication();
		OAuth2AuthorizationCodeRequestAuthenticationToken failed = new OAuth2AuthorizationCodeRequestAuthenticationToken(
				request.getRequestURL().toString(), clientId, (principal != null) ? principal : ANONYMOUS, redirectUri,
				printable(withinLimit(request, OAuth2ParameterNames.STATE)), null, null);
		return new OAuth2AuthorizationCodeRequestAuthenticationException(error, failed);
	}

	private static String printable(String state) {
		return (state != null && isPrintable(state)) ? state : null;
	}

	/** Whether the error says a value is over the limit, naming its parameter. */
	static boolean isTooLong(OAuth2Error error) {
		String description = error.getDescription();
		return description != null && description.startsWith("The parameter '") && description.endsWith(TOO_LONG);
	}

	/**
	 * The parameter's single value, or null when it is missing, repeated or over the
	 * limit.
	 */
	private static String withinLimit(HttpServletRequest request, String name) {
		String[] values = request.getParameterValues(name);
		return (values != null && values.length == 1 && values[0].length() <= MAX_VALUE_LENGTH) ? values[0] : null;
	}

	/**
	 * Shortened, and in the characters an {@code error_description} may hold (RFC 6749
	 * section 4.1.2.1), others as '?'.
	 */
	static String abbreviate(String name) {
		String shown = (name.length() <= 40) ? name : name.substring(0, 40) + "...";
		return OAuthErrorJson.printable(shown);
	}

}
