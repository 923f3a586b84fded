package com.defernowork.gateway.web;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The headers of an answer written before or outside Spring Security, which adds its own
 * to everything else: not stored, not sniffed, not framed, loading nothing, sending no
 * referrer, with the HTTP/1.0 cache and XSS-filter headers Spring Security sends too, so
 * that such an answer carries no fewer than any other.
 */
public final class ProtectiveHeaders {

	private ProtectiveHeaders() {
	}

	public static void setOn(HttpServletResponse response) {
		response.setHeader("Cache-Control", "no-store");
		response.setHeader("Pragma", "no-cache");
		response.setHeader("Expires", "0");
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("X-Frame-Options", "DENY");
		response.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
		response.setHeader("Referrer-Policy", "no-referrer");
		// browsers' XSS filters are gone or harmful: off, as Spring Security sets it
		response.setHeader("X-XSS-Protection", "0");
	}

}
