package com.defernowork.gateway.mcp.server;

import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * The request as the 2026-07-28 SDK sees it: its version header as the one value the
 * endpoint read from it, so that the same value sent twice (a client setting the header
 * as well as its SDK), which the endpoint takes as one in either era, is not refused by
 * the SDK alone, which reads only the raw header.
 */
final class OneVersionHeader extends HttpServletRequestWrapper {

	private final String version;

	OneVersionHeader(HttpServletRequest request, String version) {
		super(request);
		this.version = version;
	}

	@Override
	public String getHeader(String name) {
		return ProtocolVersions.HEADER.equalsIgnoreCase(name) ? this.version : super.getHeader(name);
	}

	@Override
	public Enumeration<String> getHeaders(String name) {
		return ProtocolVersions.HEADER.equalsIgnoreCase(name)
				? Collections.enumeration((this.version != null) ? List.of(this.version) : List.of())
				: super.getHeaders(name);
	}

}
