package com.defernowork.gateway.auth.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * A request body read with a cap, for the endpoints that parse JSON themselves: no caller
 * makes the server hold more than the cap (Tomcat caps form posts only); and whether it
 * is JSON at all.
 */
public final class BoundedBody {

	private BoundedBody() {
	}

	/**
	 * The body, or empty when it is longer than {@code maxBytes}; reads no further than
	 * one byte past the cap.
	 */
	public static Optional<byte[]> read(HttpServletRequest request, int maxBytes) throws IOException {
		if (request.getContentLengthLong() > maxBytes) {
			return Optional.empty();
		}
		byte[] body;
		try (InputStream in = request.getInputStream()) {
			body = in.readNBytes(maxBytes + 1);
		}
		return (body.length > maxBytes) ? Optional.empty() : Optional.of(body);
	}

	/**
	 * Whether the request says its body is JSON: {@code application/json} with any
	 * parameters (a charset), not a wildcard such as {@code *}{@code /*}.
	 */
	public static boolean isJson(HttpServletRequest request) {
		try {
			return request.getContentType() != null && MediaType.APPLICATION_JSON
				.equalsTypeAndSubtype(MediaType.parseMediaType(request.getContentType()));
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

}
