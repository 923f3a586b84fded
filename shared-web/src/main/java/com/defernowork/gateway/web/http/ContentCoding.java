package com.defernowork.gateway.web.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;

/**
 * A body in a content coding ({@code gzip}, {@code br}...), which neither server decodes:
 * refused with 415 and {@code Accept-Encoding: identity} (RFC 9110 §15.5.16, RFC 7694
 * §3), each server in its own error shape.
 */
public final class ContentCoding {

	public static final String REFUSED = "Content-Encoding is not supported: send the body uncompressed";

	private ContentCoding() {
	}

	/** {@code identity}, which names no coding, is let through. */
	public static boolean isCoded(HttpServletRequest request) {
		return HeaderValues.of(request, HttpHeaders.CONTENT_ENCODING)
			.anyMatch((coding) -> !coding.isEmpty() && !"identity".equalsIgnoreCase(coding));
	}

	/** The codings this server takes, sent with the refusal: none. */
	public static void offerIdentityOnly(HttpServletResponse response) {
		response.setHeader(HttpHeaders.ACCEPT_ENCODING, "identity");
	}

}
