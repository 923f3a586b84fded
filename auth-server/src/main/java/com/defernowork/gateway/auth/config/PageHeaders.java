package com.defernowork.gateway.auth.config;

import jakarta.servlet.http.HttpServletResponse;

/** Response headers of the server's own HTML pages. */
public final class PageHeaders {

	/**
	 * Only our own stylesheet and images; no scripts, no framing. {@code form-action} is left out on purpose:
	 * browsers apply it to the redirect that follows the consent form, i.e. to the client's redirect URI.
	 */
	public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self' data:; "
			+ "frame-ancestors 'none'; base-uri 'none'";

	/** Pages whose forms only ever post to this server (sign-in problems, connected apps). */
	static final String PRODUCT_PAGE_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY + "; form-action 'self'";

	private PageHeaders() {
	}

	/** No framing, no foreign content, no caching of personal pages. */
	public static void applyToProductPage(HttpServletResponse response) {
		response.setHeader("X-Frame-Options", "DENY");
		response.setHeader("Content-Security-Policy", PRODUCT_PAGE_CONTENT_SECURITY_POLICY);
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("Referrer-Policy", "no-referrer");
		response.setHeader("Cache-Control", "no-store");
	}

}
