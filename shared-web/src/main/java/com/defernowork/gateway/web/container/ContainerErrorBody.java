package com.defernowork.gateway.web.container;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON a server answers a request with that the servlet container refused before any
 * application code saw it; without a bean of this type, OAuth's error shape.
 */
@FunctionalInterface
public interface ContainerErrorBody {

	/**
	 * A JSON document for the given HTTP status (400 or above) that says what is wrong in
	 * {@code description}.
	 */
	String json(int status, String description);

	/** A JSON document for the given HTTP status, in its fixed sentence. */
	default String json(int status) {
		return json(status, describe(status));
	}

	/**
	 * {@code {"error", "error_description", "status"}}, as the auth server's own errors.
	 */
	static String oauth(int status, String description) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", isServerFailure(status) ? "server_error" : "invalid_request");
		body.put("error_description", description);
		body.put("status", status);
		return JsonMapper.shared().writeValueAsString(body);
	}

	/**
	 * Whether the status says the server failed: a 5xx but 501 (a method or transfer
	 * coding) and 505 (an HTTP version), which answer what the request asked for and are
	 * the client's to change.
	 */
	static boolean isServerFailure(int status) {
		return status >= 500 && status != 501 && status != 505;
	}

	/** A fixed sentence per status: nothing of the refused request is echoed. */
	static String describe(int status) {
		return switch (status) {
			case 400 -> "The HTTP request is malformed (its path or query, a header or its framing) and was refused";
			case 404 -> "Nothing is served at this path";
			case 405 -> "This method is not served here";
			case 413 -> "The request is too large";
			case 414 -> "The request's address is too long";
			case 431 -> "The request's headers are too large";
			case 501 -> "This method or transfer coding is not implemented";
			case 505 -> "This HTTP version is not supported";
			default -> (status >= 500) ? "The server could not answer this request" : "The request was refused";
		};
	}

}
