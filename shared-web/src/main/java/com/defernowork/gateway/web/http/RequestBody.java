package com.defernowork.gateway.web.http;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;

/** Whether a request comes with a body, as the container reads one. */
public final class RequestBody {

	private RequestBody() {
	}

	/** A length above 0, or a transfer coding (chunked) whatever its length. */
	public static boolean isPresent(HttpServletRequest request) {
		return request.getContentLengthLong() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
	}

}
