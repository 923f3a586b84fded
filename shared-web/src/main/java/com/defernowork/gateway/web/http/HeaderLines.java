package com.defernowork.gateway.web.http;

import java.util.Enumeration;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Headers that are not lists (RFC 9110 §5.3) sent on more than one line: taking the first
 * would be a guess, and a proxy in front may have read another one.
 */
public final class HeaderLines {

	private HeaderLines() {
	}

	public static boolean isRepeated(HttpServletRequest request, String name) {
		Enumeration<String> lines = request.getHeaders(name);
		if (lines == null || !lines.hasMoreElements()) {
			return false;
		}
		lines.nextElement();
		return lines.hasMoreElements();
	}

}
