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

	InvalidRegistrationException(String error, String description) {
		this(error, description, HttpStatus.BAD_REQUEST);
	}

	InvalidRegistrationException(String error, String description, HttpStatus status) {
		super(description);
		this.error = error;
		this.status = status;
	}

	/**
	 * The RFC 7591 error code: {@code invalid_redirect_uri} or
	 * {@code invalid_client_metadata}.
	 */
	public String error() {
		return this.error;
	}

	HttpStatus status() {
		return this.status;
	}

}
