package com.defernowork.gateway.auth.config;

import java.io.IOException;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;

/**
 * An OAuth error answered with a status of our choosing, as Spring's converter writes the
 * JSON: for the refusals the framework's own handlers answer with another status (or not
 * at all).
 */
public final class OAuthErrorJson {

	private static final HttpMessageConverter<OAuth2Error> CONVERTER = new OAuth2ErrorHttpMessageConverter();

	/**
	 * The characters of an {@code error} and an {@code error_description} (RFC 6749
	 * sections 4.1.2.1 and 5.2: printable ASCII but the double quote and the backslash),
	 * as a regular expression's character class.
	 */
	public static final String ERROR_CHARACTERS = "\\x20-\\x21\\x23-\\x5B\\x5D-\\x7E";

	private static final Pattern DISALLOWED = Pattern.compile("[^" + ERROR_CHARACTERS + "]");

	private OAuthErrorJson() {
	}

	/** The error with the status; headers already set on the response stay. */
	public static void write(HttpServletResponse response, HttpStatus status, OAuth2Error error) throws IOException {
		ServletServerHttpResponse http = new ServletServerHttpResponse(response);
		http.setStatusCode(status);
		CONVERTER.write(new OAuth2Error(error.getErrorCode(), printable(error.getDescription()), error.getUri()),
				MediaType.APPLICATION_JSON, http);
	}

	/**
	 * The description in the characters an {@code error_description} may hold
	 * ({@link #ERROR_CHARACTERS}), others as '?': a description may quote what the client
	 * sent.
	 */
	public static String printable(String description) {
		return (description != null) ? DISALLOWED.matcher(description).replaceAll("?") : null;
	}

}
