package com.defernowork.gateway.web.error;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The {@code error_description} a filter gives a refusal it leaves to the error
 * controller ({@code sendError}), where the status alone would say too little.
 */
public final class ErrorDescription {

	static final String ATTRIBUTE = ErrorDescription.class.getName();

	private ErrorDescription() {
	}

	/** In RFC 6749's characters for a description: nothing of the request. */
	public static void set(HttpServletRequest request, String description) {
		request.setAttribute(ATTRIBUTE, description);
	}

}
