package com.defernowork.gateway.auth.upstream;

import jakarta.servlet.http.HttpServletResponse;

/** Headers of the gateway's own HTML pages: no framing, no foreign content, no caching of personal pages. */
public final class ProductPageHeaders {

	static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; "
			+ "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

	private ProductPageHeaders() {
	}

	public static void apply(HttpServletResponse response) {
		response.setHeader("X-Frame-Options", "DENY");
		response.setHeader("Content-Security-Policy", CSP);
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("Referrer-Policy", "no-referrer");
		response.setHeader("Cache-Control", "no-store");
	}

}
