package com.defernowork.gateway.auth.upstream;

/** Deferno (or the identity provider) answered, but refused the request (a 4xx or an envelope error). */
final class UpstreamRejectedException extends RuntimeException {

	private final int status;

	private final String code;

	UpstreamRejectedException(int status, String code, String message) {
		super(message);
		this.status = status;
		this.code = code;
	}

	int status() {
		return this.status;
	}

	String code() {
		return this.code;
	}

}
