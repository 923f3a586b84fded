package com.defernowork.gateway.auth.token;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

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

	/**
	 * Schemes named back in the refusal; any other first word may be a credential sent
	 * without a scheme, and is not repeated.
	 */
	private static final Set<String> KNOWN_SCHEMES = Set.of("bearer", "dpop", "digest", "negotiate", "ntlm", "hoba",
			"mutual", "vapid", "scram-sha-1", "scram-sha-256", "aws4-hmac-sha256");

	/**
	 * Compiled once: {@code String.split} compiles a class like this one at every call.
	 */
	private static final Pattern WHITESPACE = Pattern.compile("\\s");

	private BasicCredentials() {
	}

	/** Whether the header names the Basic scheme, as the framework reads it. */
	static boolean isBasic(String authorization) {
		return authorization != null && WHITESPACE.split(authorization)[0].equalsIgnoreCase("Basic");
	}

	/** The client id of well-formed Basic credentials; refuses any other header. */
	static String check(String authorization) {
		String[] parts = WHITESPACE.split(authorization);
		if (!parts[0].equalsIgnoreCase("Basic")) {
			String scheme = KNOWN_SCHEMES.contains(parts[0].toLowerCase(Locale.ROOT)) ? "'" + parts[0] + "'" : "given";
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
			throw malformed("The Basic credentials are not base64 (RFC 4648 section 4, with padding)");
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
		String decodedClientId;
		try {
			decodedClientId = URLDecoder.decode(clientId, StandardCharsets.UTF_8);
			URLDecoder.decode(secret, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw malformed("The Basic credentials' client_id and client secret must each be form-urlencoded "
					+ "before base64 (a '%' not followed by two hex digits)");
		}
		if (!ClientIds.isWellFormed(decodedClientId)) {
			throw ClientRequestForm.invalidRequest("The Basic credentials' " + ClientIds.MALFORMED,
					ClientIds.RFC6749_A_1);
		}
		return decodedClientId;
	}

	private static OAuth2AuthenticationException malformed(String description) {
		return ClientRequestForm.invalidRequest(description, RFC6749_2_3_1);
	}

}
