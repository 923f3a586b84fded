package com.defernowork.gateway.auth.config;

import java.io.IOException;

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

	private OAuthErrorJson() {
	}

	/** The error with the status; headers already set on the response stay. */
	public static void write(HttpServletResponse response, HttpStatus status, OAuth2Error error) throws IOException {
		ServletServerHttpResponse http = new ServletServerHttpResponse(response);
		http.setStatusCode(status);
		CONVERTER.write(error, MediaType.APPLICATION_JSON, http);
	}

}
