package com.defernowork.gateway.auth.token;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.util.StringUtils;

/**
 * The Authorization header of a request to the token, revocation or introspection
 * endpoint, checked as the framework's {@code ClientSecretBasicAuthenticationConverter}
 * reads it, so that what it would refuse as a bare {@code invalid_request} (or skip, for
 * another scheme) is refused saying what is wrong. Nothing of the credentials is echoed.
 */
final class BasicCredentials {

	private static final String RFC6749_2_3_1 = "https://datatracker.ietf.org/doc/html/rfc6749#section-2.3.1";

	/** RFC 9110 §11.1: a scheme is a token; anything else is not repeated back. */
	private static final String SCHEME_TOKEN = "[A-Za-z0-9!#$%&'*+.^_`|~-]{1,20}";

	private BasicCredentials() {
	}

	static void check(String authorization) {
		String[] parts = authorization.split("\\s");
		if (!parts[0].equalsIgnoreCase("Basic")) {
			String scheme = parts[0].matches(SCHEME_TOKEN) ? "'" + parts[0] + "'" : "given";
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT,
					"The Authorization " + "scheme " + scheme
							+ " is not accepted at this endpoint: confidential clients authenticate with "
							+ "Basic, public clients send their client_id in the body and no Authorization header",
					RFC6749_2_3_1));
		}
		if (parts.length != 2) {
			throw malformed("The Authorization header must be 'Basic', one space and the base64 of "
					+ "client_id:client_secret");
		}
		String credentials;
		try {
			credentials = new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw malformed("The Basic credentials are not base64 (RFC 4648 §4, with padding)");
		}
		int colon = credentials.indexOf(':');
		if (colon < 0) {
			throw malformed("The Basic credentials must be client_id:client_secret: they have no colon");
		}
		String clientId = credentials.substring(0, colon);
		String secret = credentials.substring(colon + 1);
		if (!StringUtils.hasText(clientId)) {
			throw malformed("The Basic credentials' client_id is empty");
		}
		if (!StringUtils.hasText(secret)) {
			throw malformed("The Basic credentials' client secret is empty: a public client sends its client_id "
					+ "in the body instead of an Authorization header");
		}
		try {
			URLDecoder.decode(clientId, StandardCharsets.UTF_8);
			URLDecoder.decode(secret, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw malformed("The Basic credentials' client_id and client secret must each be form-urlencoded "
					+ "before base64 (a '%' not followed by two hex digits)");
		}
	}

	private static OAuth2AuthenticationException malformed(String description) {
		return ClientRequestForm.invalidRequest(description, RFC6749_2_3_1);
	}

}
