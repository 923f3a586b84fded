package com.defernowork.gateway.auth.config;

/** Response headers of the server's own HTML pages. */
public final class PageHeaders {

	/**
	 * Only our own stylesheet and images; no scripts, no framing. {@code form-action} is
	 * left out on purpose: browsers apply it to the redirect that follows the consent
	 * form, i.e. to the client's redirect URI.
	 */
	public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self' data:; "
			+ "frame-ancestors 'none'; base-uri 'none'";

	private PageHeaders() {
	}

}
