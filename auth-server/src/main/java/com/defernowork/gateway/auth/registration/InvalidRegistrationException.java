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

	/** The description without the value refused, or {@code null} when it quotes none. */
	private final String unquoted;

	InvalidRegistrationException(String error, String description) {
		this(error, description, HttpStatus.BAD_REQUEST);
	}

	InvalidRegistrationException(String error, String description, HttpStatus status) {
		super(description);
		this.error = error;
		this.status = status;
		this.unquoted = null;
	}

	/**
	 * A refusal whose description quotes the value refused; {@code unquoted} does not.
	 */
	InvalidRegistrationException(String error, String description, String unquoted) {
		super(description);
		this.error = error;
		this.status = HttpStatus.BAD_REQUEST;
		this.unquoted = unquoted;
	}

	/**
	 * The description without the value it refused, for a page that must not show a
	 * client's own words as its own.
	 */
	public String withoutQuotes() {
		return (this.unquoted != null) ? this.unquoted : getMessage();
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
