package com.defernowork.gateway.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * A request whose Content-Type is a media range ({@code *}{@code /*}, {@code text/*}),
 * seen as reporting no character encoding: Spring's reading of a request's headers (for
 * CORS, for a redirect behind forwarded headers) adds the request's encoding (the UTF-8
 * Boot sets on every request) to its Content-Type and refuses to build a type with a
 * wildcard, a 500. Nothing reads such a body as text.
 */
public final class MediaRanges {

	private MediaRanges() {
	}

	/** The request, wrapped when its Content-Type is a media range. */
	public static HttpServletRequest withoutEncoding(HttpServletRequest request) {
		return isMediaRange(request.getContentType()) ? new WithoutEncoding(request) : request;
	}

	private static boolean isMediaRange(String contentType) {
		if (contentType == null) {
			return false;
		}
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			return type.isWildcardType() || type.isWildcardSubtype();
		}
		catch (InvalidMediaTypeException ex) {
			// Spring's reading of the headers skips a type it cannot parse
			return false;
		}
	}

	private static final class WithoutEncoding extends HttpServletRequestWrapper {

		WithoutEncoding(HttpServletRequest request) {
			super(request);
		}

		@Override
		public String getCharacterEncoding() {
			return null;
		}

	}

}
