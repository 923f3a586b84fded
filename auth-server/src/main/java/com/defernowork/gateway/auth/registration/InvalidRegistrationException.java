package com.defernowork.gateway.auth.registration;

import org.springframework.http.HttpStatus;

/**
 * A registration request the server refuses, with the RFC 7591 error code and a
 * description saying why.
 */
public final class InvalidRegistrationException extends RuntimeException {

	static final String INVALID_REDIRECT_URI = "invalid_redirect_uri";

	static final String INVALID_CLIENT_METADATA = "invalid_client_metadata";

	private final String error;

	private final HttpStatus status;

	private final String unquoted;

	InvalidRegistrationException(String error, String description) {
		this(error, description, null, HttpStatus.BAD_REQUEST);
	}

	InvalidRegistrationException(String error, String description, HttpStatus status) {
		this(error, description, null, status);
	}

	/**
	 * A refusal whose description quotes the value refused; {@code unquoted} does not.
	 */
	InvalidRegistrationException(String error, String description, String unquoted) {
		this(error, description, unquoted, HttpStatus.BAD_REQUEST);
	}

	private InvalidRegistrationException(String error, String description, String unquoted, HttpStatus status) {
		super(description);
		this.error = error;
		this.status = status;
		this.unquoted = unquoted;
	}

	/**
	 * The description without the value it refused, for a page that must not show a
	 * client's own words as its own.
	 */
	public String withoutQuotes() {
		return (this.unquoted != null) ? this.unquoted : getMessage();
	}

	public String error() {
		return this.error;
	}

	HttpStatus status() {
		return this.status;
	}

}
